namespace Orchestrator.Configuration;

/// <summary>Log level and format.</summary>
public sealed class LoggingSettings
{
    public string Level { get; init; } = "Information";
    public string Format { get; init; } = "json";

    public static LoggingSettings Read(SettingsReader r)
    {
        var level = r.Choice("LOG_LEVEL", "Orchestrator:Logging:Level", "INFO", "DEBUG", "INFO", "INFORMATION", "WARNING", "WARN", "ERROR", "CRITICAL", "VERBOSE", "TRACE");
        return new LoggingSettings
        {
            Level = level.ToUpperInvariant() switch
            {
                "DEBUG" => "Debug",
                "VERBOSE" or "TRACE" => "Verbose",
                "WARNING" or "WARN" => "Warning",
                "ERROR" => "Error",
                "CRITICAL" => "Fatal",
                _ => "Information",
            },
            Format = r.Choice("LOG_FORMAT", "Orchestrator:Logging:Format", "json", "json", "text"),
        };
    }
}
