using Orchestrator.Core.Domain;

namespace Orchestrator.Core.Ports;

/// <summary>The expected results of a create call. Broken infrastructure throws <see cref="CloudException"/> instead.</summary>
public abstract record PodCreateOutcome
{
    private PodCreateOutcome()
    {
    }

    /// <summary>The pod exists (created now, or found by name from an earlier attempt).</summary>
    public sealed record Created(PodInfo Pod) : PodCreateOutcome;

    /// <summary>Every placement option was out of stock (or backed off).</summary>
    public sealed record NoCapacity(string Detail) : PodCreateOutcome;

    /// <summary>
    /// A spot create that found no spot to rent (no spot stock, the bid below every type's minimum, RunPod refusing
    /// the interruptible rental). Nothing was created; the same worker may be created on demand at once.
    /// </summary>
    public sealed record SpotUnavailable(string Detail) : PodCreateOutcome;

    /// <summary>Refused for a reason retrying will not fix (auth, invalid input, spend cap). Spawning stops.</summary>
    public sealed record Rejected(ErrorKind Kind, string Detail) : PodCreateOutcome;
}
