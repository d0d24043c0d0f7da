using System.Globalization;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace Orchestrator.Logging;

/// <summary>
/// Writes each formatted line to a given <see cref="TextWriter"/> in one call and flushes it on dispose.
/// Written here because Serilog 4's core has no TextWriter sink and Serilog.Sinks.Console writes only to
/// the process's console: commands hand their own writers (captured by in-process tests).
/// </summary>
public sealed class FlushingTextWriterSink(TextWriter destination, ITextFormatter formatter) : ILogEventSink, IDisposable
{
    private readonly Lock _gate = new();

    public void Emit(LogEvent logEvent)
    {
        using var buffer = new StringWriter(CultureInfo.InvariantCulture);
        formatter.Format(logEvent, buffer);
        lock (_gate)
        {
            destination.Write(buffer.ToString());
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
