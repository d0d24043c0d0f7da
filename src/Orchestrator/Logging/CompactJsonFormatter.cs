using System.Globalization;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Json;
using Serilog.Parsing;

namespace Orchestrator.Logging;

/// <summary>
/// One JSON object per line with a fixed head: <c>ts</c> (UTC, ms), <c>level</c>, <c>event</c>,
/// <c>event_id</c>, <c>logger</c>, <c>msg</c>; then every property by its own name (CycleId,
/// WorkerId, DurationMs, ...); then <c>exception</c>. A property named like a head key gets a <c>_</c> prefix.
/// </summary>
public sealed class CompactJsonFormatter : ITextFormatter
{
    private static readonly HashSet<string> HeadKeys = new(StringComparer.Ordinal) { "ts", "level", "event", "event_id", "logger", "msg", "exception" };
    private readonly JsonValueFormatter _values = new(typeTagName: null);

    public void Format(LogEvent logEvent, TextWriter output)
    {
        output.Write("{\"ts\":\"");
        output.Write(logEvent.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        output.Write("\",\"level\":\"");
        output.Write(LevelName(logEvent.Level));
        output.Write('"');
        WriteEventId(logEvent, output);
        if (logEvent.Properties.TryGetValue("SourceContext", out var source) && source is ScalarValue { Value: string logger })
        {
            Write(output, "logger", logger);
        }
        Write(output, "msg", RenderMessage(logEvent));
        foreach (var (name, value) in logEvent.Properties)
        {
            if (name is "EventId" or "SourceContext" || name.StartsWith('{'))
            {
                continue;
            }
            output.Write(',');
            JsonValueFormatter.WriteQuotedJsonString(HeadKeys.Contains(name) ? "_" + name : name, output);
            output.Write(':');
            _values.Format(value, output);
        }
        if (logEvent.Exception is not null)
        {
            Write(output, "exception", logEvent.Exception.ToString());
        }
        output.Write('}');
        output.Write('\n');
    }

    public static string LevelName(LogEventLevel level) => level switch
    {
        LogEventLevel.Verbose => "trace",
        LogEventLevel.Debug => "debug",
        LogEventLevel.Information => "info",
        LogEventLevel.Warning => "warn",
        LogEventLevel.Error => "error",
        _ => "fatal",
    };

    /// <summary>The message with string values unquoted (Serilog's default quotes them).</summary>
    public static string RenderMessage(LogEvent logEvent)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        foreach (var token in logEvent.MessageTemplate.Tokens)
        {
            if (token is PropertyToken property && logEvent.Properties.TryGetValue(property.PropertyName, out var value) && value is ScalarValue { Value: string text })
            {
                writer.Write(text);
            }
            else
            {
                token.Render(logEvent.Properties, writer, CultureInfo.InvariantCulture);
            }
        }
        return writer.ToString();
    }

    /// <summary>Microsoft.Extensions.Logging's EventId arrives as a structure {Id, Name}; written as <c>event</c>, <c>event_id</c>.</summary>
    private static void WriteEventId(LogEvent logEvent, TextWriter output)
    {
        if (!logEvent.Properties.TryGetValue("EventId", out var eventId) || eventId is not StructureValue structure)
        {
            return;
        }
        var name = structure.Properties.FirstOrDefault(p => p.Name == "Name")?.Value is ScalarValue { Value: string n } ? n : null;
        var id = structure.Properties.FirstOrDefault(p => p.Name == "Id")?.Value is ScalarValue { Value: int i } ? i : (int?)null;
        if (name is not null)
        {
            Write(output, "event", name);
        }
        if (id is not null)
        {
            output.Write(",\"event_id\":");
            output.Write(id.Value.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static void Write(TextWriter output, string key, string value)
    {
        output.Write(",\"");
        output.Write(key);
        output.Write("\":");
        JsonValueFormatter.WriteQuotedJsonString(value, output);
    }
}
