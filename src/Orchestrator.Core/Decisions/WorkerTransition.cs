using Orchestrator.Core.Domain;

namespace Orchestrator.Core.Decisions;

/// <summary>What the lifecycle decided for one worker this cycle.</summary>
public sealed record WorkerTransition(WorkerState From, WorkerState To, string Reason, LifecycleAction Action)
{
    /// <summary>New consecutive health-failure count, when it changes.</summary>
    public int? HealthFailures { get; init; }

    /// <summary>Pod adopted by name (Requested → Spawning).</summary>
    public string? AdoptedPodId { get; init; }

    /// <summary>Breaker outcome this step produces.</summary>
    public OutcomeKind? Outcome { get; init; }

    public bool ChangesState => From != To;

    public bool IsNothing => !ChangesState && Action == LifecycleAction.None && HealthFailures is null;

    public static WorkerTransition Stay(WorkerState state, string reason) => new(state, state, reason, LifecycleAction.None);
}
