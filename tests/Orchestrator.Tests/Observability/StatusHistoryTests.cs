using System.Text;
using System.Text.Json;
using Orchestrator.Core.Ports;
using Orchestrator.Observability;
using Orchestrator.Simulation;
using Xunit;

namespace Orchestrator.Tests.Observability;

/// <summary>The status page's store read: shared by concurrent pages, fresh after <see cref="StatusHistory.Fresh"/>, and an error shown as one.</summary>
public sealed class StatusHistoryTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task StatusHistory_that_cannot_be_read_is_its_error_never_an_empty_history()
    {
        var history = new StatusHistory(new ScriptedHistory { Failure = new StoreException("read-history: cannot reach the database") }, new ManualTimeProvider(Noon));

        var reading = await history.ReadAsync();
        var json = Write(reading);

        Assert.Null(reading.History);
        Assert.Equal("Store: read-history: cannot reach the database", json.GetProperty("history").GetProperty("error").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("decisions").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("spend_today").ValueKind);
    }

    [Fact]
    public async Task StatusHistory_is_read_once_for_concurrent_pages_and_again_once_stale()
    {
        var clock = new ManualTimeProvider(Noon);
        var store = new ScriptedHistory { Gate = new TaskCompletionSource() };
        var history = new StatusHistory(store, clock);

        var first = history.ReadAsync();
        var second = history.ReadAsync();
        store.Gate.SetResult();
        await Task.WhenAll(first, second);
        await history.ReadAsync();
        clock.Advance(StatusHistory.Fresh);
        var later = await history.ReadAsync();

        Assert.Equal(2, store.Calls);
        Assert.Equal(new HistoryRequest(Noon, Noon.Date, StatusHistory.Decisions), store.Requests[0]);
        Assert.Equal(7.5m, later.History!.Spend);
    }

    private static JsonElement Write(HistoryReading reading)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            StatusHistoryJson.Write(w, reading);
            w.WriteEndObject();
        }
        return JsonDocument.Parse(Encoding.UTF8.GetString(buffer.ToArray())).RootElement.Clone();
    }

    private sealed class ScriptedHistory : IFleetHistory
    {
        public StoreException? Failure { get; init; }
        public TaskCompletionSource? Gate { get; init; }
        public List<HistoryRequest> Requests { get; } = [];
        public int Calls => Requests.Count;

        public async Task<FleetHistory> ReadHistoryAsync(HistoryRequest request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            if (Gate is not null)
            {
                await Gate.Task;
            }
            return Failure is null ? new FleetHistory([], 7.5m, null) : throw Failure;
        }
    }
}
