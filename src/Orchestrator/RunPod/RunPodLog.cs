using Microsoft.Extensions.Logging;

namespace Orchestrator.RunPod;

/// <summary>RunPod adapter events, EventIds 3000-3099. Never carries env values, keys or request bodies.</summary>
internal static partial class RunPodLog
{
    [LoggerMessage(EventId = 3000, EventName = "PodCreateAttempt", Level = LogLevel.Information,
        Message = "Creating pod {WorkerId} on {GpuType} in {DataCenter} with RAM minimum {MemoryGb} GB (env names: {EnvNames})")]
    public static partial void CreateAttempt(ILogger logger, string workerId, string gpuType, string dataCenter, int? memoryGb, string envNames);

    [LoggerMessage(EventId = 3001, EventName = "PodCreated", Level = LogLevel.Information,
        Message = "Created pod {PodId} for {WorkerId} on {GpuType} in {DataCenter} at {CostPerHour}/h")]
    public static partial void Created(ILogger logger, string podId, string workerId, string gpuType, string dataCenter, decimal? costPerHour);

    [LoggerMessage(EventId = 3002, EventName = "PlacementOutOfStock", Level = LogLevel.Warning,
        Message = "Could not place {WorkerId} on {GpuType} in {DataCenter} (RAM minimum {MemoryGb} GB); trying the next candidate: {Reason}")]
    public static partial void CapacityMiss(ILogger logger, string workerId, string gpuType, string dataCenter, int? memoryGb, string reason);

    [LoggerMessage(EventId = 3003, EventName = "PlacementBackedOff", Level = LogLevel.Information,
        Message = "Skipping {GpuType} in {DataCenter} until {Until:O}: out of stock recently")]
    public static partial void BackedOff(ILogger logger, string gpuType, string dataCenter, DateTimeOffset until);

    [LoggerMessage(EventId = 3004, EventName = "PodCreateRejected", Level = LogLevel.Error,
        Message = "RunPod refused pod {WorkerId} ({Kind}); spawning stops this cycle: {Reason}")]
    public static partial void Rejected(ILogger logger, string workerId, string kind, string reason);

    [LoggerMessage(EventId = 3005, EventName = "PodFoundByName", Level = LogLevel.Information,
        Message = "Pod {PodId} named {WorkerId} already exists; not creating another")]
    public static partial void FoundByName(ILogger logger, string podId, string workerId);

    [LoggerMessage(EventId = 3006, EventName = "NoCapacityAnywhere", Level = LogLevel.Warning,
        Message = "No placement for {WorkerId}: {Reason}")]
    public static partial void NoCapacity(ILogger logger, string workerId, string reason);

    [LoggerMessage(EventId = 3007, EventName = "PodCreateOutcomeUnknown", Level = LogLevel.Warning,
        Message = "Create of {WorkerId} on {GpuType} may or may not have happened; the next cycle looks it up by name: {Reason}")]
    public static partial void OutcomeUnknown(ILogger logger, string workerId, string gpuType, string reason);

    [LoggerMessage(EventId = 3008, EventName = "PlacementSkipped", Level = LogLevel.Information,
        Message = "Placement option skipped: {Reason}")]
    public static partial void Skipped(ILogger logger, string reason);

    [LoggerMessage(EventId = 3009, EventName = "PodPoolForbidden", Level = LogLevel.Warning,
        Message = "RunPod answered 403 for {WorkerId} on {GpuType} in {DataCenter} (the account cannot use this pool); skipping it: {Reason}")]
    public static partial void PoolForbidden(ILogger logger, string workerId, string gpuType, string dataCenter, string reason);

    [LoggerMessage(EventId = 3013, EventName = "PodCreateContractViolation", Level = LogLevel.Critical,
        Message = "RunPod ({Dialect}) refused the create body for {WorkerId} as not matching its contract; fix the configuration (never retried). RunPod's errors: {Errors}")]
    public static partial void ContractViolation(ILogger logger, string workerId, string dialect, string errors);

    [LoggerMessage(EventId = 3014, EventName = "PodStatusUnknown", Level = LogLevel.Warning,
        Message = "Pod {PodId} reports status {Status}, which this build does not know; treated as dead (terminated, its work requeued). Logged once per value.")]
    public static partial void UnknownStatus(ILogger logger, string podId, string status);

    [LoggerMessage(EventId = 3010, EventName = "PodTerminateRequested", Level = LogLevel.Information,
        Message = "Terminate requested for pod {PodId}: {Outcome}")]
    public static partial void TerminateRequested(ILogger logger, string podId, string outcome);

    [LoggerMessage(EventId = 3011, EventName = "PodTerminateConfirmed", Level = LogLevel.Information,
        Message = "Pod {PodId} is gone after {DurationMs} ms")]
    public static partial void TerminateConfirmed(ILogger logger, string podId, long durationMs);

    [LoggerMessage(EventId = 3012, EventName = "PodTerminateUnconfirmed", Level = LogLevel.Warning,
        Message = "Pod {PodId} still listed after {DurationMs} ms; the next cycle terminates it again")]
    public static partial void TerminateUnconfirmed(ILogger logger, string podId, long durationMs);

    [LoggerMessage(EventId = 3020, EventName = "RunPodCallRetrying", Level = LogLevel.Warning,
        Message = "RunPod call attempt {Attempt} failed, retrying in {DurationMs} ms: {Reason}")]
    public static partial void Retrying(ILogger logger, int attempt, long durationMs, string reason);

    [LoggerMessage(EventId = 3021, EventName = "RunPodCircuitOpened", Level = LogLevel.Error,
        Message = "RunPod {Circuit} failing; circuit open for {DurationMs} ms, then one probe")]
    public static partial void CircuitOpened(ILogger logger, string circuit, long durationMs);

    [LoggerMessage(EventId = 3022, EventName = "RunPodCircuitClosed", Level = LogLevel.Information, Message = "RunPod {Circuit} recovered; circuit closed")]
    public static partial void CircuitClosed(ILogger logger, string circuit);

    [LoggerMessage(EventId = 3024, EventName = "RunPodReadHedged", Level = LogLevel.Information,
        Message = "RunPod {Call} attempt {Attempt} sent beside the first, which had not answered within {DurationMs} ms")]
    public static partial void Hedging(ILogger logger, string call, int attempt, long durationMs);

    [LoggerMessage(EventId = 3023, EventName = "RunPodCallFailed", Level = LogLevel.Warning,
        Message = "RunPod {Operation} failed ({Kind}): {Reason}")]
    public static partial void CallFailed(ILogger logger, string operation, string kind, string reason);
}
