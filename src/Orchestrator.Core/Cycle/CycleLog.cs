using Microsoft.Extensions.Logging;

namespace Orchestrator.Core.Cycle;

/// <summary>Structured events of the control cycle. EventIds: 1000s cycle, 1100s scaling, 1200s lifecycle.</summary>
internal static partial class CycleLog
{
    [LoggerMessage(EventId = 1000, EventName = "CycleCompleted", Level = LogLevel.Information,
        Message = "Cycle {CycleId} done in {DurationMs} ms: queued {Queued}, claimable {Claimable}, running {Running}; workers {Workers}; target {Desired}, capacity {Capacity}; spawned {Spawned}, terminated {Terminated}, requeued {Requeued}; breaker {Breaker}; {SpendPerHour} $/h")]
    public static partial void CycleCompleted(ILogger logger, Guid cycleId, long durationMs, int queued, int claimable, int running, string workers, int desired, int capacity, int spawned, int terminated, int requeued, string breaker, decimal spendPerHour);

    [LoggerMessage(EventId = 1001, EventName = "CycleSkipped", Level = LogLevel.Error,
        Message = "Cycle {CycleId} made no decision: state could not be read ({Reason})")]
    public static partial void CycleSkipped(ILogger logger, Exception exception, Guid cycleId, string reason);

    [LoggerMessage(EventId = 1002, EventName = "CycleActionFailed", Level = LogLevel.Warning,
        Message = "Cycle {CycleId}: {Action} for worker {WorkerId} failed: {Reason}")]
    public static partial void ActionFailed(ILogger logger, Exception? exception, Guid cycleId, string action, string? workerId, string reason);

    [LoggerMessage(EventId = 1003, EventName = "CycleStopping", Level = LogLevel.Information,
        Message = "Cycle {CycleId}: shutdown requested, no new mutations")]
    public static partial void Stopping(ILogger logger, Guid cycleId);

    [LoggerMessage(EventId = 1004, EventName = "MutationLeftInFlight", Level = LogLevel.Information,
        Message = "Cycle {CycleId}: {Action} {Target} not answered within {DurationMs} ms; left in flight, it records its outcome when it ends")]
    public static partial void LeftInFlight(ILogger logger, Guid cycleId, string action, string target, long durationMs);

    [LoggerMessage(EventId = 1100, EventName = "ScalingDecision", Level = LogLevel.Information,
        Message = "Cycle {CycleId} scaling: {Reason}")]
    public static partial void Decision(ILogger logger, Guid cycleId, string reason);

    [LoggerMessage(EventId = 1101, EventName = "WorkerSpawned", Level = LogLevel.Information,
        Message = "Spawned worker {WorkerId} as pod {PodId} ({GpuType}): {Reason}")]
    public static partial void Spawned(ILogger logger, string workerId, string podId, string? gpuType, string reason);

    [LoggerMessage(EventId = 1102, EventName = "SpawnStopped", Level = LogLevel.Warning,
        Message = "Spawn of worker {WorkerId} stopped: {Reason}")]
    public static partial void SpawnStopped(ILogger logger, string workerId, string reason);

    [LoggerMessage(EventId = 1103, EventName = "CreateRateLimited", Level = LogLevel.Warning,
        Message = "Cycle {CycleId}: runaway guard held spawns back: {Wanted} wanted, {Allowed} allowed (MAX_POD_CREATES_PER_MINUTE {PerMinute})")]
    public static partial void CreateRateLimited(ILogger logger, Guid cycleId, int wanted, int allowed, int perMinute);

    [LoggerMessage(EventId = 1104, EventName = "SpawnCapacity", Level = LogLevel.Information,
        Message = "Cycle {CycleId} capacity: {Spot} spot, {OnDemand} on demand: {Reason}")]
    public static partial void Capacity(ILogger logger, Guid cycleId, int spot, int onDemand, string reason);

    [LoggerMessage(EventId = 1105, EventName = "SpotFallback", Level = LogLevel.Warning,
        Message = "Spot refused for worker {WorkerId}; renting on demand until {Until} (RUNPOD_SPOT_FALLBACK_SEC), warned once until spot works again: {Reason}")]
    public static partial void SpotFallback(ILogger logger, string workerId, DateTimeOffset until, string reason);

    [LoggerMessage(EventId = 1106, EventName = "SpotStillRefused", Level = LogLevel.Information,
        Message = "Spot still refused for worker {WorkerId}; renting on demand until {Until}: {Reason}")]
    public static partial void SpotStillRefused(ILogger logger, string workerId, DateTimeOffset until, string reason);

    [LoggerMessage(EventId = 1200, EventName = "WorkerTransition", Level = LogLevel.Information,
        Message = "Worker {WorkerId} {From} -> {To}: {Reason}")]
    public static partial void Transition(ILogger logger, string workerId, string from, string to, string reason);

    [LoggerMessage(EventId = 1201, EventName = "PodTerminateRequested", Level = LogLevel.Information,
        Message = "Terminate pod {PodId} of worker {WorkerId}: {Reason} ({Outcome})")]
    public static partial void TerminateRequested(ILogger logger, string podId, string? workerId, string reason, string outcome);

    [LoggerMessage(EventId = 1204, EventName = "PodTerminateInFlight", Level = LogLevel.Information,
        Message = "Terminate pod {PodId} of worker {WorkerId} ({Reason}) not sent: {Count} earlier terminates of it are still in flight")]
    public static partial void TerminateInFlight(ILogger logger, string podId, string? workerId, string reason, int count);

    [LoggerMessage(EventId = 1202, EventName = "TasksRequeued", Level = LogLevel.Information,
        Message = "Worker {WorkerId} fenced: {Requeued} tasks requeued, {Failed} failed past the attempt limit")]
    public static partial void Requeued(ILogger logger, string workerId, int requeued, int failed);

    [LoggerMessage(EventId = 1203, EventName = "BootstrapResult", Level = LogLevel.Information,
        Message = "Bootstrap of worker {WorkerId} on pod {PodId}: {Reason}")]
    public static partial void Bootstrap(ILogger logger, string workerId, string podId, string reason);

    [LoggerMessage(EventId = 5090, EventName = "BootstrapFailureNotApplied", Level = LogLevel.Information,
        Message = "Bootstrap failure of worker {WorkerId} not stored: it heartbeated meanwhile or moved on ({Reason}); the next cycle decides from its heartbeat")]
    public static partial void BootstrapFailureNotApplied(ILogger logger, string workerId, string reason);
}
