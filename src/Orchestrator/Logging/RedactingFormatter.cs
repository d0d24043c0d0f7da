using System.Globalization;
using Serilog.Events;
using Serilog.Formatting;

namespace Orchestrator.Logging;

/// <summary>
/// The redaction policy every sink passes through: formats the event with the inner formatter into a
/// buffer, masks every registered secret in the whole line (message, properties and exception alike),
/// then hands the line to the sink in one write.
/// </summary>
public sealed class RedactingFormatter(ITextFormatter inner, SecretRedactor redactor) : ITextFormatter
{
    public void Format(LogEvent logEvent, TextWriter output)
    {
        using var buffer = new StringWriter(CultureInfo.InvariantCulture);
        inner.Format(logEvent, buffer);
        output.Write(redactor.Redact(buffer.ToString()));
    }
}
