namespace Orchestrator.Observability;

/// <summary>One health question's answer: healthy or not, a short status word, a sentence saying why.</summary>
public sealed record HealthVerdict(bool Healthy, string Status, string Description)
{
    /// <summary>Seconds since the last successful cycle (the cycle verdict only).</summary>
    public double? LastCycleAgeSeconds { get; init; }

    /// <summary>Failed cycles in a row (the cycle verdict only).</summary>
    public int ConsecutiveFailures { get; init; }
}
