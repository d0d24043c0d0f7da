namespace Orchestrator.Core.Domain;

/// <summary>Everything a cycle decides on, read once at its start.</summary>
public sealed record FleetSnapshot
{
    public required DateTimeOffset Now { get; init; }
    public required DemandSignal Demand { get; init; }
    /// <summary>Every worker that is not terminated, plus any terminated worker a live pod still names.</summary>
    public required IReadOnlyList<WorkerView> Workers { get; init; }
    /// <summary>The cloud's pods carrying our name prefix.</summary>
    public required IReadOnlyList<PodInfo> Pods { get; init; }
    public IReadOnlyList<WorkerOutcome> RecentOutcomes { get; init; } = [];
    /// <summary>Operator kill switch: no new spawns.</summary>
    public bool Paused { get; init; }
}
