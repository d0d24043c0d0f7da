using Orchestrator.Core.Domain;

namespace Orchestrator.Core.Ports;

/// <summary>
/// A conditional update of a worker's orchestrator state: applied only while the stored state is
/// still <see cref="From"/>. Null fields are left unchanged. <see cref="To"/> may equal <see cref="From"/>
/// to update counters only.
/// </summary>
public sealed record WorkerChange
{
    public required string WorkerId { get; init; }
    public required WorkerState From { get; init; }
    public required WorkerState To { get; init; }
    public required DateTimeOffset At { get; init; }
    public string? Reason { get; init; }
    public string? PodId { get; init; }
    public string? GpuType { get; init; }
    public decimal? CostPerHour { get; init; }
    /// <summary>The pod's capacity kind, recorded as <c>workers.metadata.spot</c>.</summary>
    public bool? Spot { get; init; }
    public int? HealthFailures { get; init; }
    public int? BootstrapAttempts { get; init; }
    public DateTimeOffset? LaunchedAt { get; init; }
    /// <summary>A breaker outcome to stamp with <see cref="At"/>.</summary>
    public OutcomeKind? Outcome { get; init; }
    /// <summary>JSON object merged into <c>workers.metadata</c> (for example parsed GPU facts).</summary>
    public string? MetadataJson { get; init; }
    /// <summary>
    /// When set, the change applies only if the worker has not heartbeated at or after this instant
    /// (<c>workers.last_heartbeat</c> null or older): a worker that heartbeats is never failed for a
    /// bootstrap that raced its first heartbeat.
    /// </summary>
    public DateTimeOffset? OnlyIfNoHeartbeatSince { get; init; }

    public bool ChangesState => From != To;
}
