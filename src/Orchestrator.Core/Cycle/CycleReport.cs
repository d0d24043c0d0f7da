using Orchestrator.Core.Decisions;
using Orchestrator.Core.Domain;
using Orchestrator.Core.Ports;

namespace Orchestrator.Core.Cycle;

/// <summary>What one cycle saw, decided and did. Printed by <c>once --json</c>, logged as the cycle summary.</summary>
public sealed record CycleReport
{
    public required Guid CycleId { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public TimeSpan Duration { get; init; }
    public bool DryRun { get; init; }
    /// <summary>Null when the cycle ran; the reason when it made no decision (fail closed).</summary>
    public string? Error { get; init; }
    /// <summary>Which read failed when <see cref="Error"/> is set: <c>cloud</c> (the pod list) or <c>store</c> (the observation); null otherwise.</summary>
    public string? UnreadableDependency { get; init; }
    public DemandSignal? Demand { get; init; }
    /// <summary>The kill switch as observed (no new spawns while set); false when the cycle could not read it.</summary>
    public bool Paused { get; init; }
    public CyclePlan? Plan { get; init; }
    public IReadOnlyList<ScalingEvent> Events { get; init; } = [];
    public int Spawned { get; init; }
    public int Terminated { get; init; }
    public int Requeued { get; init; }
    public int FailedTasks { get; init; }
    /// <summary>Spawns the runaway guard held back (MAX_POD_CREATES_PER_MINUTE).</summary>
    public int RateLimited { get; init; }

    public bool Succeeded => Error is null;

    /// <summary>Worker ids whose tasks are (or would be) requeued this cycle.</summary>
    public IReadOnlyList<string> RequeueWorkerIds => Plan?.Transitions
        .Where(t => t.Transition.Action == LifecycleAction.Settle)
        .Select(t => t.Worker.Id).ToList() ?? [];

    /// <summary>Worker ids whose pods are (or would be) terminated this cycle.</summary>
    public IReadOnlyList<string> TerminateWorkerIds => Plan?.Transitions
        .Where(t => t.Transition.Action == LifecycleAction.TerminatePod)
        .Select(t => t.Worker.Id).ToList() ?? [];
}
