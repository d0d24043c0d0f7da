namespace Orchestrator.Core.Decisions;

/// <summary>A policy's verdict: how many pods to create, which idle workers to let go, and why.</summary>
public sealed record ScalingDecision
{
    public required int Desired { get; init; }
    public required int Capacity { get; init; }
    public required int Active { get; init; }
    public required int Busy { get; init; }
    public int Spawn { get; init; }
    public string SpawnReason { get; init; } = "";
    public IReadOnlyList<string> Terminate { get; init; } = [];
    /// <summary>The reason code of each worker in <see cref="Terminate"/> (idle timeout, surplus idle, cancelled boot, ...).</summary>
    public IReadOnlyDictionary<string, string> TerminateReasons { get; init; } = new Dictionary<string, string>();

    /// <summary>The reason code for terminating <paramref name="workerId"/>.</summary>
    public string ReasonFor(string workerId) => TerminateReasons.TryGetValue(workerId, out var reason) ? reason : Domain.ReasonCodes.IdleTimeout;
    /// <summary>Every consideration, including "did nothing, because ...".</summary>
    public IReadOnlyList<string> Reasons { get; init; } = [];
}
