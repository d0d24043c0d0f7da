using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Events;
using Serilog.Formatting;
using Orchestrator.Configuration;

namespace Orchestrator.Logging;

/// <summary>
/// Serilog to a console stream: one compact JSON object per line by default (LOG_FORMAT=json), or text.
/// Every line passes the <see cref="SecretRedactor"/>; disposing the logger flushes the stream.
/// </summary>
public static class LoggingSetup
{
    /// <param name="toStandardError">True for commands whose stdout is data (JSON output), so logs never mix into it.</param>
    public static Serilog.Core.Logger CreateSerilog(LoggingSettings settings, bool toStandardError, SecretRedactor? redactor = null) =>
        CreateSerilog(settings, toStandardError ? Console.Error : Console.Out, redactor ?? SecretRedactor.None);

    /// <param name="destination">Where lines go: the process's stdout, or stderr when stdout is data.</param>
    public static Serilog.Core.Logger CreateSerilog(LoggingSettings settings, TextWriter destination, SecretRedactor redactor)
    {
        var level = Enum.TryParse<LogEventLevel>(settings.Level, out var parsed) ? parsed : LogEventLevel.Information;
        ITextFormatter formatter = settings.Format == "text"
            ? new PlainTextFormatter()
            : new CompactJsonFormatter();
        return new LoggerConfiguration()
            .MinimumLevel.Is(level)
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("System.Net.Http", LogEventLevel.Warning)
            .MinimumLevel.Override("Quartz", LogEventLevel.Warning)
            .MinimumLevel.Override("Npgsql", LogEventLevel.Warning) // Npgsql logs every command at Information
            .Enrich.FromLogContext()
            .WriteTo.Sink(new RedactingTextWriterSink(destination, formatter, redactor))
            .CreateLogger();
    }

    public static ILoggerFactory CreateFactory(Serilog.Core.Logger logger) =>
        LoggerFactory.Create(builder => builder.ClearProviders().AddSerilog(logger, dispose: false).SetMinimumLevel(LogLevel.Trace));
}
