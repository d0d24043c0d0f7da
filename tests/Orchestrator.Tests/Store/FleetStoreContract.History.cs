using Orchestrator.Core.Domain;
using Orchestrator.Core.Ports;
using Xunit;

namespace Orchestrator.Tests.Store;

/// <summary>The store's history (<see cref="IFleetHistory"/>, migration 017), the same from every store: what a restarted status page reads.</summary>
public abstract partial class FleetStoreContract
{
    private static readonly DateTimeOffset Midnight = new(Now.UtcDateTime.Date, TimeSpan.Zero);

    private Task<FleetHistory> HistoryAsync(int decisions = 50, DateTimeOffset? at = null) =>
        ((IFleetHistory)Store).ReadHistoryAsync(new HistoryRequest(at ?? Now, Midnight, decisions), CancellationToken.None);

    [Fact]
    public async Task History_lists_the_decisions_newest_first_without_steady_cycles_and_bounded()
    {
        var cycle = Guid.NewGuid();
        await Store.AppendEventsAsync(
        [
            new ScalingEvent(Now.AddMinutes(-3), cycle, "cycle", null, ReasonCodes.ScaleUpDemand, """{"reasons":["target 1"]}"""),
            new ScalingEvent(Now.AddMinutes(-3), cycle, "spawn", "gpu-<b>", ReasonCodes.ScaleUpDemand, """{"pod_id":"p1"}"""),
            new ScalingEvent(Now.AddMinutes(-2), Guid.NewGuid(), "cycle", null, FleetHistory.SteadyCycle, """{"reasons":[]}"""),
            new ScalingEvent(Now.AddMinutes(-1), Guid.NewGuid(), "transition", "gpu-<b>", ReasonCodes.HeartbeatStale + ":180s"),
        ], CancellationToken.None);

        var history = await HistoryAsync();
        var two = await HistoryAsync(decisions: 2);

        Assert.Equal(["transition", "spawn", "cycle"], history.Decisions.Select(d => d.Kind));
        Assert.Equal("heartbeat-stale:180s", history.Decisions[0].Reason);
        Assert.Equal("gpu-<b>", history.Decisions[1].WorkerId);
        Assert.Equal(cycle, history.Decisions[1].CycleId);
        Assert.Equal(Now.AddMinutes(-3), history.Decisions[1].At);
        Assert.Contains("\"p1\"", history.Decisions[1].DetailsJson, StringComparison.Ordinal);
        Assert.Null(history.Decisions[0].DetailsJson);
        Assert.Equal(["transition", "spawn"], two.Decisions.Select(d => d.Kind));
    }

    [Fact]
    public async Task History_spend_counts_each_priced_worker_from_midnight_or_its_start_to_its_end_or_now()
    {
        var at = Midnight.AddHours(10);
        await Store.RegisterWorkerAsync(new WorkerRegistration("gpu-live", "RTX", Midnight.AddHours(-2), Guid.NewGuid()), CancellationToken.None);
        await ApplyAsync("gpu-live", WorkerState.Requested, WorkerState.Spawning, c => c with { CostPerHour = 0.5m }, Midnight.AddHours(-2));
        await Store.RegisterWorkerAsync(new WorkerRegistration("gpu-ended", "RTX", Midnight.AddHours(1), Guid.NewGuid()), CancellationToken.None);
        await ApplyAsync("gpu-ended", WorkerState.Requested, WorkerState.Spawning, c => c with { CostPerHour = 2m }, Midnight.AddHours(1));
        await ApplyAsync("gpu-ended", WorkerState.Spawning, WorkerState.Terminated, at: Midnight.AddHours(4));
        await Store.RegisterWorkerAsync(new WorkerRegistration("gpu-yesterday", "RTX", Midnight.AddHours(-5), Guid.NewGuid()), CancellationToken.None);
        await ApplyAsync("gpu-yesterday", WorkerState.Requested, WorkerState.Spawning, c => c with { CostPerHour = 9m }, Midnight.AddHours(-5));
        await ApplyAsync("gpu-yesterday", WorkerState.Spawning, WorkerState.Terminated, at: Midnight.AddHours(-1));
        await RegisterAsync("gpu-unpriced");

        var history = await HistoryAsync(at: at);

        Assert.Equal(10 * 0.5m + 3 * 2m, history.Spend); // live since midnight (10 h); 01:00-04:00; yesterday's ended before midnight
    }

    [Fact]
    public async Task History_names_when_the_oldest_queued_task_was_queued()
    {
        Assert.Null((await HistoryAsync()).OldestQueuedAt);
        await AddTaskAsync("travel_segment", Now.AddMinutes(-7));
        var claimed = await AddTaskAsync("travel_segment", Now.AddMinutes(-9));
        await AddTaskAsync("travel_segment", Now.AddMinutes(-2));
        await RegisterAsync("gpu-a");
        Assert.Equal(claimed, await ClaimAsync("gpu-a"));

        Assert.Equal(Now.AddMinutes(-7), (await HistoryAsync()).OldestQueuedAt);
    }
}
