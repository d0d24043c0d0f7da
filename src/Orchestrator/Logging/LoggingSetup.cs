using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Json;
using Orchestrator.Configuration;

namespace Orchestrator.Logging;

/// <summary>Serilog to the console: one JSON object per line by default, or text.</summary>
public static class LoggingSetup
{
    /// <param name="toStandardError">True for commands whose stdout is data (JSON output), so logs never mix into it.</param>
    public static Serilog.Core.Logger CreateSerilog(LoggingSettings settings, bool toStandardError)
    {
        var level = Enum.TryParse<LogEventLevel>(settings.Level, out var parsed) ? parsed : LogEventLevel.Information;
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Is(level)
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("System.Net.Http", LogEventLevel.Warning)
            .MinimumLevel.Override("Quartz", LogEventLevel.Warning)
            .Enrich.FromLogContext();
        var stderrFrom = toStandardError ? LogEventLevel.Verbose : (LogEventLevel?)null;
        configuration = settings.Format == "text"
            ? configuration.WriteTo.Console(
                outputTemplate: "{Timestamp:yyyy-MM-ddTHH:mm:ss.fffZ} {Level:u3} {SourceContext}: {Message:lj}{NewLine}{Exception}",
                standardErrorFromLevel: stderrFrom, formatProvider: System.Globalization.CultureInfo.InvariantCulture)
            : configuration.WriteTo.Console(new JsonFormatter(renderMessage: true), standardErrorFromLevel: stderrFrom);
        return configuration.CreateLogger();
    }

    public static ILoggerFactory CreateFactory(Serilog.Core.Logger logger) =>
        LoggerFactory.Create(builder => builder.ClearProviders().AddSerilog(logger, dispose: false).SetMinimumLevel(LogLevel.Trace));
}
