namespace Orchestrator.Observability;

/// <summary>When cycles last finished and last succeeded, as <see cref="FleetMetrics"/> saw them.</summary>
public sealed record CycleHealth(DateTimeOffset? LastCycleAt, DateTimeOffset? LastSuccessAt, int ConsecutiveFailures);
