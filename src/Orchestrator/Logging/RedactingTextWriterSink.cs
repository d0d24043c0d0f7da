using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace Orchestrator.Logging;

/// <summary>
/// Formats each event into a buffer, masks every registered secret in the whole line (message,
/// properties and exception alike), then writes the line in one call. Flushes on dispose.
/// </summary>
public sealed class RedactingTextWriterSink(TextWriter destination, ITextFormatter formatter, SecretRedactor redactor) : ILogEventSink, IDisposable
{
    private readonly Lock _gate = new();

    public void Emit(LogEvent logEvent)
    {
        using var buffer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        formatter.Format(logEvent, buffer);
        var line = redactor.Redact(buffer.ToString());
        lock (_gate)
        {
            destination.Write(line);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            destination.Flush();
        }
    }
}
