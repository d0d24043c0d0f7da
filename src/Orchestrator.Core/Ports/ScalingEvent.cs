namespace Orchestrator.Core.Ports;

/// <summary>One row of the durable audit trail: what was decided or done, to whom, and why.</summary>
/// <param name="Kind">cycle, spawn, terminate, transition, requeue, bootstrap, reconcile, skip.</param>
/// <param name="DetailsJson">A JSON object with the inputs that led to it.</param>
public sealed record ScalingEvent(
    DateTimeOffset At,
    Guid CycleId,
    string Kind,
    string? WorkerId,
    string Reason,
    string? DetailsJson = null);
