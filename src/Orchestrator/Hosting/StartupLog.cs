using Microsoft.Extensions.Logging;

namespace Orchestrator.Hosting;

/// <summary>Start-up events. EventIds 100s.</summary>
internal static partial class StartupLog
{
    [LoggerMessage(EventId = 100, EventName = "LegacySettingIgnored", Level = LogLevel.Warning, Message = "{Detail}")]
    public static partial void LegacyIgnored(ILogger logger, string detail);

    [LoggerMessage(EventId = 101, EventName = "AdaptersSelected", Level = LogLevel.Information,
        Message = "Store: {Store}; cloud: {Cloud}; bootstrap: {Bootstrap}; policy: {Policy}")]
    public static partial void Adapters(ILogger logger, string store, string cloud, string bootstrap, string policy);
}
