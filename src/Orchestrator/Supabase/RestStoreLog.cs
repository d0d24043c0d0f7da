using Microsoft.Extensions.Logging;

namespace Orchestrator.Supabase;

/// <summary>Supabase REST store events and the store choice at start. EventIds 7000-7099.</summary>
internal static partial class RestStoreLog
{
    [LoggerMessage(EventId = 7000, EventName = "StoreSelected", Level = LogLevel.Information,
        Message = "Store: {Store} ({Detail})")]
    public static partial void StoreSelected(ILogger logger, string store, string detail);

    [LoggerMessage(EventId = 7001, EventName = "RestCallFailed", Level = LogLevel.Warning,
        Message = "Supabase call {Operation} failed after {DurationMs} ms ({Kind}): {Reason}")]
    public static partial void CallFailed(ILogger logger, string operation, long durationMs, string kind, string reason);

    [LoggerMessage(EventId = 7002, EventName = "RestCallRetrying", Level = LogLevel.Information,
        Message = "Supabase call {Operation}: attempt {Attempt} in {DelayMs} ms after: {Reason}")]
    public static partial void Retrying(ILogger logger, string operation, int attempt, string reason, long delayMs);

    [LoggerMessage(EventId = 7003, EventName = "RestObjectsMissing", Level = LogLevel.Error,
        Message = "Supabase project {Host} lacks the service's objects: {Missing}. No cycle can run until they exist: {Reason}")]
    public static partial void ObjectsMissing(ILogger logger, string host, string missing, string reason);

    [LoggerMessage(EventId = 7004, EventName = "RestStoreReady", Level = LogLevel.Information,
        Message = "Supabase project {Host}: the service's RPC functions and tables are present")]
    public static partial void Ready(ILogger logger, string host);

    [LoggerMessage(EventId = 7005, EventName = "RestDemandModeChosen", Level = LogLevel.Information,
        Message = "Demand is counted with {DemandSource} (DEMAND_MODE {Mode}; Reigh eligibility function present: {HasFunction})")]
    public static partial void DemandModeChosen(ILogger logger, string demandSource, string mode, bool hasFunction);

    [LoggerMessage(EventId = 7006, EventName = "RestWorkerRowSkipped", Level = LogLevel.Warning,
        Message = "Worker {WorkerId} skipped: {Reason}")]
    public static partial void WorkerRowSkipped(ILogger logger, string workerId, string reason);

    [LoggerMessage(EventId = 7007, EventName = "RestTasksRequeued", Level = LogLevel.Information,
        Message = "Worker {WorkerId}: {Requeued} task(s) requeued, {Failed} failed past the attempt limit ({Reason})")]
    public static partial void TasksRequeued(ILogger logger, string workerId, int requeued, int failed, string reason);

    [LoggerMessage(EventId = 7008, EventName = "RestPauseChanged", Level = LogLevel.Information,
        Message = "Spawning paused: {Paused} ({Reason})")]
    public static partial void PauseChanged(ILogger logger, bool paused, string reason);

    [LoggerMessage(EventId = 7009, EventName = "RestEdgeDemand", Level = LogLevel.Warning,
        Message = "task-counts edge function reports queued_only {QueuedOnly}, active_only {ActiveOnly}; the cycle still fails closed until the service's objects exist")]
    public static partial void EdgeDemand(ILogger logger, int queuedOnly, int activeOnly);
}
