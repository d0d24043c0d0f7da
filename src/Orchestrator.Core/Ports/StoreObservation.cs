using Orchestrator.Core.Domain;

namespace Orchestrator.Core.Ports;

/// <summary>The store's part of a cycle's snapshot.</summary>
public sealed record StoreObservation(
    DemandSignal Demand,
    IReadOnlyList<WorkerView> Workers,
    IReadOnlyList<WorkerOutcome> RecentOutcomes,
    bool Paused);
