using Microsoft.Extensions.Logging;

namespace Orchestrator.Observability;

/// <summary>Health listener and logging events. EventIds 5000-5049.</summary>
internal static partial class ObservabilityLog
{
    [LoggerMessage(EventId = 5000, EventName = "HealthListening", Level = LogLevel.Information,
        Message = "Health and metrics listening on {Address} (/livez, /readyz, /healthz, /metrics); ready while a cycle succeeded within {MaxCycleAgeSec} s and no dependency is unreadable for {UnreadableAfterSec} s")]
    public static partial void Listening(ILogger logger, string address, double maxCycleAgeSec, double unreadableAfterSec);

    [LoggerMessage(EventId = 5001, EventName = "HealthStopped", Level = LogLevel.Information,
        Message = "Health listener on {Address} stopped")]
    public static partial void Stopped(ILogger logger, string address);

    [LoggerMessage(EventId = 5003, EventName = "HealthUnhealthy", Level = LogLevel.Warning,
        Message = "Readiness turned {Status}: {Reason}")]
    public static partial void Unready(ILogger logger, string status, string reason);

    [LoggerMessage(EventId = 5004, EventName = "HealthRecovered", Level = LogLevel.Information,
        Message = "Readiness is {Status} again")]
    public static partial void Recovered(ILogger logger, string status);
}
