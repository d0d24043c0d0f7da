using System.Globalization;
using Serilog.Events;
using Serilog.Formatting;

namespace Orchestrator.Logging;

/// <summary>LOG_FORMAT=text: <c>ts LVL [EventName] logger: message</c>, then the exception on its own lines.</summary>
public sealed class PlainTextFormatter : ITextFormatter
{
    public void Format(LogEvent logEvent, TextWriter output)
    {
        output.Write(logEvent.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        output.Write(' ');
        output.Write(Abbreviation(logEvent.Level));
        if (logEvent.Properties.TryGetValue("EventId", out var id) && id is StructureValue s
            && s.Properties.FirstOrDefault(p => p.Name == "Name")?.Value is ScalarValue { Value: string name })
        {
            output.Write(" [");
            output.Write(name);
            output.Write(']');
        }
        if (logEvent.Properties.TryGetValue("SourceContext", out var source) && source is ScalarValue { Value: string logger })
        {
            output.Write(' ');
            output.Write(logger);
            output.Write(':');
        }
        output.Write(' ');
        output.Write(CompactJsonFormatter.RenderMessage(logEvent));
        output.Write('\n');
        if (logEvent.Exception is not null)
        {
            output.Write(logEvent.Exception.ToString());
            output.Write('\n');
        }
    }

    private static string Abbreviation(LogEventLevel level) => level switch
    {
        LogEventLevel.Verbose => "TRC",
        LogEventLevel.Debug => "DBG",
        LogEventLevel.Information => "INF",
        LogEventLevel.Warning => "WRN",
        LogEventLevel.Error => "ERR",
        _ => "FTL",
    };
}
