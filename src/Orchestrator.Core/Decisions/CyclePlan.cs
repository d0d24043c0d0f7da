using Orchestrator.Core.Domain;

namespace Orchestrator.Core.Decisions;

/// <summary>Everything one cycle decided, before any of it is carried out.</summary>
public sealed record CyclePlan
{
    public required IReadOnlyList<PlannedTransition> Transitions { get; init; }
    public required ScalingDecision Scaling { get; init; }
    public required BreakerState Breaker { get; init; }
    public required IReadOnlyList<PodReconciliation> PodsToTerminate { get; init; }
    public required decimal SpendPerHour { get; init; }

    /// <summary>Workers per orchestrator state as observed.</summary>
    public required IReadOnlyDictionary<WorkerState, int> WorkersByState { get; init; }
}

/// <summary>A lifecycle step for one worker, with the worker as observed and its pod.</summary>
public sealed record PlannedTransition(WorkerView Worker, PodInfo? Pod, WorkerTransition Transition);
