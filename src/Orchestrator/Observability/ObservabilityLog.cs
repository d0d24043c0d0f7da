using Microsoft.Extensions.Logging;

namespace Orchestrator.Observability;

/// <summary>Health listener and logging events. EventIds 5000-5049.</summary>
internal static partial class ObservabilityLog
{
    [LoggerMessage(EventId = 5000, EventName = "HealthListening", Level = LogLevel.Information,
        Message = "Health and metrics listening on {Address} (/healthz, /metrics); healthy while a cycle succeeded within {MaxCycleAgeSec} s")]
    public static partial void Listening(ILogger logger, string address, double maxCycleAgeSec);

    [LoggerMessage(EventId = 5001, EventName = "HealthStopped", Level = LogLevel.Information,
        Message = "Health listener on {Address} stopped")]
    public static partial void Stopped(ILogger logger, string address);

    [LoggerMessage(EventId = 5002, EventName = "HealthRequestFailed", Level = LogLevel.Warning,
        Message = "Health listener failed to answer {Path}: {Reason}")]
    public static partial void RequestFailed(ILogger logger, Exception exception, string path, string reason);

    [LoggerMessage(EventId = 5003, EventName = "HealthUnhealthy", Level = LogLevel.Warning,
        Message = "Health turned {Status}: last successful cycle {LastCycleAgeSec} s ago, limit {MaxCycleAgeSec} s, {ConsecutiveFailures} failed cycles in a row")]
    public static partial void Unhealthy(ILogger logger, string status, double? lastCycleAgeSec, double maxCycleAgeSec, int consecutiveFailures);

    [LoggerMessage(EventId = 5004, EventName = "HealthRecovered", Level = LogLevel.Information,
        Message = "Health is {Status} again")]
    public static partial void Recovered(ILogger logger, string status);
}
