using Microsoft.Extensions.Logging;

namespace Orchestrator.Postgres;

/// <summary>Store events. EventIds 2000-2099.</summary>
internal static partial class StoreLog
{
    [LoggerMessage(EventId = 2000, EventName = "DemandModeChosen", Level = LogLevel.Information,
        Message = "Demand is counted with {DemandSource} (DEMAND_MODE {Mode}; Reigh eligibility function present: {HasFunction})")]
    public static partial void DemandModeChosen(ILogger logger, string demandSource, string mode, bool hasFunction);

    [LoggerMessage(EventId = 2001, EventName = "StoreCallFailed", Level = LogLevel.Warning,
        Message = "Store call {Operation} failed after {DurationMs} ms: {Reason}")]
    public static partial void CallFailed(ILogger logger, string operation, long durationMs, string reason);

    [LoggerMessage(EventId = 2002, EventName = "WorkerRowSkipped", Level = LogLevel.Warning,
        Message = "Worker {WorkerId} skipped: {Reason}")]
    public static partial void WorkerRowSkipped(ILogger logger, string workerId, string reason);

    [LoggerMessage(EventId = 2003, EventName = "TasksRequeued", Level = LogLevel.Information,
        Message = "Worker {WorkerId}: {Requeued} task(s) requeued, {Failed} failed past the attempt limit ({Reason})")]
    public static partial void TasksRequeued(ILogger logger, string workerId, int requeued, int failed, string reason);

    [LoggerMessage(EventId = 2004, EventName = "PauseChanged", Level = LogLevel.Information,
        Message = "Spawning paused: {Paused} ({Reason})")]
    public static partial void PauseChanged(ILogger logger, bool paused, string reason);

    [LoggerMessage(EventId = 2010, EventName = "MigrationApplied", Level = LogLevel.Information,
        Message = "Applied migration {Migration}")]
    public static partial void MigrationApplied(ILogger logger, string migration);

    [LoggerMessage(EventId = 2011, EventName = "MigrationsUpToDate", Level = LogLevel.Information,
        Message = "Schema up to date ({Count} migration(s) known)")]
    public static partial void MigrationsUpToDate(ILogger logger, int count);

    [LoggerMessage(EventId = 2050, EventName = "StoreFunctionsMissing", Level = LogLevel.Error,
        Message = "The database lacks the store's functions: {Missing}. No cycle can run until `orchestrator migrate` installs them")]
    public static partial void FunctionsMissing(ILogger logger, string missing);
}
