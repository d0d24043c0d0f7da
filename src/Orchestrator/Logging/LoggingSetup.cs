using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Events;
using Serilog.Formatting;
using Orchestrator.Configuration;

namespace Orchestrator.Logging;

/// <summary>
/// Serilog to a console stream: one JSON object per line by default (LOG_FORMAT=json), or text, both
/// <see cref="LogTemplates"/>. Every sink's formatter is wrapped in the <see cref="RedactingFormatter"/>;
/// disposing the logger flushes the stream.
/// </summary>
public static class LoggingSetup
{
    /// <param name="toStandardError">True for commands whose stdout is data (JSON output), so logs never mix into it.</param>
    public static Serilog.Core.Logger CreateSerilog(LoggingSettings settings, bool toStandardError, SecretRedactor? redactor = null) =>
        Configure(settings).WriteTo.Console(Formatter(settings, redactor ?? SecretRedactor.None),
                standardErrorFromLevel: toStandardError ? LogEventLevel.Verbose : null)
            .CreateLogger();

    /// <param name="destination">Where lines go: the process's stdout, or stderr when stdout is data.</param>
    public static Serilog.Core.Logger CreateSerilog(LoggingSettings settings, TextWriter destination, SecretRedactor redactor)
    {
        var configuration = Configure(settings);
        var formatter = Formatter(settings, redactor);
#pragma warning disable CA2000 // the sink belongs to the logger, which disposes it with itself
        return (destination == Console.Out ? configuration.WriteTo.Console(formatter)
            : destination == Console.Error ? configuration.WriteTo.Console(formatter, standardErrorFromLevel: LogEventLevel.Verbose)
            : configuration.WriteTo.Sink(new FlushingTextWriterSink(destination, formatter))).CreateLogger();
#pragma warning restore CA2000
    }

    /// <summary>The one formatter every sink gets: the configured template behind the redaction policy.</summary>
    public static ITextFormatter Formatter(LoggingSettings settings, SecretRedactor redactor) =>
        new RedactingFormatter(LogTemplates.For(settings.Format), redactor);

    public static ILoggerFactory CreateFactory(Serilog.Core.Logger logger) =>
        LoggerFactory.Create(builder => builder.ClearProviders().AddSerilog(logger, dispose: false).SetMinimumLevel(LogLevel.Trace));

    private static LoggerConfiguration Configure(LoggingSettings settings) => new LoggerConfiguration()
        .MinimumLevel.Is(Enum.TryParse<LogEventLevel>(settings.Level, out var parsed) ? parsed : LogEventLevel.Information)
        .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
        .MinimumLevel.Override("System.Net.Http", LogEventLevel.Warning)
        .MinimumLevel.Override("Quartz", LogEventLevel.Warning)
        .MinimumLevel.Override("Npgsql", LogEventLevel.Warning) // Npgsql logs every command at Information
        .Enrich.FromLogContext();
}
