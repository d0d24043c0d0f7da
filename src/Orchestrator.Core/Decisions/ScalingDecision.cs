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
    /// <summary>Every consideration, including "did nothing, because ...".</summary>
    public IReadOnlyList<string> Reasons { get; init; } = [];
}
