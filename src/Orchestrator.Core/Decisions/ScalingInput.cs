using Orchestrator.Core.Domain;

namespace Orchestrator.Core.Decisions;

/// <summary>What a scaling policy sees: demand and the workers that still count after this cycle's lifecycle steps.</summary>
/// <param name="Workers">Workers in capacity states (requested, spawning, bootstrapping, active).</param>
/// <param name="SpendPerHour">Summed $/h of the pods still billing.</param>
public sealed record ScalingInput(
    DemandSignal Demand,
    IReadOnlyList<WorkerView> Workers,
    BreakerState Breaker,
    bool Paused,
    decimal SpendPerHour,
    DateTimeOffset Now);
