using Orchestrator.Core.Ports;

namespace Orchestrator.Observability;

/// <summary>
/// The store's history for the status page (<see cref="IFleetHistory"/>: the last <see cref="Decisions"/> audit
/// decisions, the spend since midnight UTC, the oldest queued task), read at most once per <see cref="Fresh"/>
/// however many pages are open: concurrent requests share one read. A failed read is kept as its error and shown
/// as such, never as an empty history. Without a store that keeps history the reading says so.
/// </summary>
public sealed class StatusHistory(IFleetHistory? store, TimeProvider time)
{
    public const int Decisions = 50;
    public static readonly TimeSpan Fresh = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private Task<HistoryReading>? _last;
    private DateTimeOffset _lastStarted;

    public Task<HistoryReading> ReadAsync()
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (_last is { } last && (!last.IsCompleted || (now >= _lastStarted && now - _lastStarted < Fresh)))
            {
                return last;
            }
            _lastStarted = now;
            return _last = ReadCoreAsync(now);
        }
    }

    private async Task<HistoryReading> ReadCoreAsync(DateTimeOffset now)
    {
        var midnight = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        if (store is null)
        {
            return new HistoryReading(now, midnight, null, "this store keeps no history");
        }
        using var timeout = new CancellationTokenSource(ReadTimeout, time);
        try
        {
            var history = await store.ReadHistoryAsync(new HistoryRequest(now, midnight, Decisions), timeout.Token).ConfigureAwait(false);
            return new HistoryReading(now, midnight, history, null);
        }
        catch (OrchestratorException ex)
        {
            return new HistoryReading(now, midnight, null, $"{ex.Kind}: {ex.Message}");
        }
        catch (OperationCanceledException)
        {
            return new HistoryReading(now, midnight, null, $"the store did not answer within {ReadTimeout.TotalSeconds:0} s");
        }
    }
}

/// <summary>One read of the store's history: when, the spend's start (midnight UTC), and the history or why there is none.</summary>
public sealed record HistoryReading(DateTimeOffset At, DateTimeOffset SpendSince, FleetHistory? History, string? Error);
