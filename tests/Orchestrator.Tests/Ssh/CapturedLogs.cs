using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Orchestrator.Tests.Ssh;

/// <summary>Keeps every log line (message, properties, exception) so tests can check what the service would print.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILoggerFactory Factory() => LoggerFactory.Create(b => b.AddProvider(this).SetMinimumLevel(LogLevel.Trace));

    public string All => string.Join('\n', Lines);

    public ILogger CreateLogger(string categoryName) => new Sink(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Sink(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var properties = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(", ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            owner.Lines.Enqueue($"{logLevel} {category} {eventId.Id} {formatter(state, exception)} [{properties}] {exception}");
        }
    }
}
