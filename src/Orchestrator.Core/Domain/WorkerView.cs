namespace Orchestrator.Core.Domain;

/// <summary>
/// One worker as observed at the start of a cycle: the orchestrator's state joined with the
/// <c>workers</c> row and an aggregate of its tasks. Immutable; decisions read it, never change it.
/// </summary>
public sealed record WorkerView
{
    public required string Id { get; init; }
    public required WorkerState State { get; init; }
    /// <summary>When <see cref="State"/> was entered (stored, survives restarts).</summary>
    public required DateTimeOffset StateSince { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public string? PodId { get; init; }
    public string? GpuType { get; init; }
    /// <summary><c>workers.status</c> as last written by anyone (the heartbeat writes <c>active</c>/<c>crashed</c>).</summary>
    public string DbStatus { get; init; } = "inactive";
    public DateTimeOffset? LastHeartbeat { get; init; }
    /// <summary>When the worker process was launched over SSH.</summary>
    public DateTimeOffset? LaunchedAt { get; init; }
    /// <summary>Tasks <c>In Progress</c> held by this worker.</summary>
    public int RunningTasks { get; init; }
    /// <summary>The oldest non-orchestrator task this worker runs, for the stuck-task check.</summary>
    public RunningTaskInfo? OldestRunningTask { get; init; }
    /// <summary>Latest claim or completion of any of its tasks: idleness is measured from here, never from the heartbeat.</summary>
    public DateTimeOffset? LastWorkAt { get; init; }
    /// <summary>Consecutive failed health observations (one hiccup never kills a worker).</summary>
    public int HealthFailures { get; init; }
    public int BootstrapAttempts { get; init; }
    /// <summary>Why the worker is in its current state, as a reason code.</summary>
    public string? Reason { get; init; }
    /// <summary>The worker marked itself <c>error</c> with <c>metadata.self_terminated</c> (a bad host).</summary>
    public bool SelfTerminated { get; init; }
    public decimal? CostPerHour { get; init; }
    /// <summary>Rented as spot (interruptible) capacity (<c>workers.metadata.spot</c>).</summary>
    public bool Spot { get; init; }
    /// <summary>
    /// This process's create for the worker was still running when the cycle's listing began (not stored: the cycle sets it
    /// from <see cref="Cycle.MutationsInFlight"/>). The listing may predate its pod, so it settles nothing about the worker.
    /// </summary>
    public bool CreateInFlight { get; init; }

    public bool IsBusy => RunningTasks > 0;

    /// <summary>Idle since the later of its last work and its activation.</summary>
    public DateTimeOffset IdleSince => LastWorkAt is { } work && work > StateSince ? work : StateSince;
}
