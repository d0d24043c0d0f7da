using Microsoft.Extensions.Logging;

namespace Orchestrator.Service;

/// <summary>Service events (scheduling, wake-up, shutdown, operator commands). EventIds 5050-5099.</summary>
internal static partial class ServiceLog
{
    [LoggerMessage(EventId = 5050, EventName = "SchedulerConfigured", Level = LogLevel.Information,
        Message = "Control cycle every {IntervalSec} s on the {JobStore} job store (instance {InstanceId}); wake-up on new tasks: {WakeOnNotify}")]
    public static partial void SchedulerConfigured(ILogger logger, double intervalSec, string jobStore, string instanceId, bool wakeOnNotify);

    [LoggerMessage(EventId = 5051, EventName = "CycleJobFailed", Level = LogLevel.Error,
        Message = "Control cycle job {FireInstanceId} failed unexpectedly: {Reason}")]
    public static partial void CycleJobFailed(ILogger logger, Exception exception, string fireInstanceId, string reason);

    [LoggerMessage(EventId = 5052, EventName = "CycleJobStopping", Level = LogLevel.Information,
        Message = "Control cycle {CycleId} ended after a stop request; in-flight actions were allowed to finish")]
    public static partial void CycleJobStopping(ILogger logger, Guid cycleId);

    [LoggerMessage(EventId = 5053, EventName = "CycleJobCancelled", Level = LogLevel.Information,
        Message = "Control cycle job {FireInstanceId} ended by the stop request before it completed (a read was cancelled); the service is stopping")]
    public static partial void CycleJobCancelled(ILogger logger, string fireInstanceId);

    [LoggerMessage(EventId = 5060, EventName = "ListenerConnected", Level = LogLevel.Information,
        Message = "Listening for queued tasks on channel {Channel} through {Route}; a test NOTIFY arrived")]
    public static partial void ListenerConnected(ILogger logger, string channel, string route);

    [LoggerMessage(EventId = 5061, EventName = "ListenerLost", Level = LogLevel.Warning,
        Message = "Task listener connection lost ({Reason}); reconnecting in {DelayMs} ms, polling continues meanwhile")]
    public static partial void ListenerLost(ILogger logger, string reason, long delayMs);

    [LoggerMessage(EventId = 5062, EventName = "WakeUpRequested", Level = LogLevel.Debug,
        Message = "Wake-up: cycle requested now ({Reason})")]
    public static partial void WakeUpRequested(ILogger logger, string reason);

    [LoggerMessage(EventId = 5063, EventName = "WakeUpCoalesced", Level = LogLevel.Debug,
        Message = "Wake-up: a requested cycle has not started yet, nothing more to do ({Reason})")]
    public static partial void WakeUpCoalesced(ILogger logger, string reason);

    [LoggerMessage(EventId = 5064, EventName = "WakeUpFailed", Level = LogLevel.Warning,
        Message = "Wake-up could not be requested ({Reason}); the next poll runs the cycle")]
    public static partial void WakeUpFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 5065, EventName = "ListenerNotDelivered", Level = LogLevel.Warning,
        Message = "Wake-up on new tasks does not work: a test NOTIFY did not arrive on the LISTEN connection through {Route} within {DurationMs} ms (a transaction pooler cannot carry LISTEN); the cycle runs on polling only. Fix: {Fix}")]
    public static partial void ListenerNotDelivered(ILogger logger, string route, long durationMs, string fix);

    [LoggerMessage(EventId = 5066, EventName = "ListenerStillNotDelivered", Level = LogLevel.Debug,
        Message = "Wake-up retest: the test NOTIFY still did not arrive through {Route} within {DurationMs} ms; polling only")]
    public static partial void ListenerStillNotDelivered(ILogger logger, string route, long durationMs);

    [LoggerMessage(EventId = 5070, EventName = "ServiceStopping", Level = LogLevel.Information,
        Message = "Stop requested: no new mutations; waiting up to {DurationMs} ms for the running cycle")]
    public static partial void Stopping(ILogger logger, long durationMs);

    [LoggerMessage(EventId = 5071, EventName = "ServiceStopped", Level = LogLevel.Information,
        Message = "Service stopped in {DurationMs} ms")]
    public static partial void Stopped(ILogger logger, long durationMs);

    [LoggerMessage(EventId = 5072, EventName = "DatabaseWaiting", Level = LogLevel.Warning,
        Message = "The database cannot be reached at start ({Error}); nothing is started yet; trying again in {DurationMs} ms, for {RemainingMs} ms more (DB_STARTUP_WAIT_SEC)")]
    public static partial void DatabaseWaiting(ILogger logger, string error, long durationMs, long remainingMs);

    [LoggerMessage(EventId = 5073, EventName = "WaitingForMutationsInFlight", Level = LogLevel.Information,
        Message = "Waiting for {Count} create or terminate calls left in flight by the last cycles to end and record their outcome")]
    public static partial void WaitingForMutations(ILogger logger, int count);

    [LoggerMessage(EventId = 5074, EventName = "MutationsInFlightAbandoned", Level = LogLevel.Warning,
        Message = "Shutdown timeout: {Count} create or terminate calls still in flight are not waited for; the next cycle of any replica reconciles them by name")]
    public static partial void MutationsAbandoned(ILogger logger, int count);

    [LoggerMessage(EventId = 5080, EventName = "OperatorDrain", Level = LogLevel.Information,
        Message = "Operator drain of worker {WorkerId}: {Reason}")]
    public static partial void OperatorDrain(ILogger logger, string workerId, string reason);

    [LoggerMessage(EventId = 5081, EventName = "OperatorPause", Level = LogLevel.Information,
        Message = "Operator set paused={Paused}: {Reason}")]
    public static partial void OperatorPause(ILogger logger, bool paused, string reason);
}
