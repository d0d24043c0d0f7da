using Orchestrator.Core.Domain;
using Orchestrator.Core.Ports;
using Xunit;

namespace Orchestrator.Tests.Store;

/// <summary>The contract's task, demand, outcome, pause and audit parts.</summary>
public abstract partial class FleetStoreContract
{
    [Fact]
    public async Task Observe_aggregates_each_workers_running_tasks()
    {
        await RegisterAsync("gpu-a");
        var coordinator = await AddTaskAsync("travel_orchestrator", Now.AddMinutes(-3));
        var first = await AddTaskAsync("travel_segment", Now.AddMinutes(-2));
        var second = await AddTaskAsync("travel_segment", Now.AddMinutes(-1));
        Assert.Equal(coordinator, await ClaimAsync("gpu-a"));
        Assert.Equal(first, await ClaimAsync("gpu-a"));
        Assert.Equal(second, await ClaimAsync("gpu-a"));
        await CompleteAsync(second, "gpu-a");

        var view = await ViewAsync("gpu-a");

        Assert.Equal(2, view!.RunningTasks);
        Assert.Equal(first, view.OldestRunningTask!.TaskId);
        Assert.Equal("travel_segment", view.OldestRunningTask.TaskType);
        Assert.Equal(Now.AddMinutes(-2), view.OldestRunningTask.QueuedAt); // its wait is StartedAt − QueuedAt
        Assert.NotNull(view.LastWorkAt);
        Assert.True(view.LastWorkAt >= view.OldestRunningTask.StartedAt);
    }

    [Fact]
    public async Task Observe_of_a_worker_without_tasks_has_no_work()
    {
        await RegisterAsync("gpu-a");

        var view = await ViewAsync("gpu-a");

        Assert.Equal(0, view!.RunningTasks);
        Assert.Null(view.OldestRunningTask);
        Assert.Null(view.LastWorkAt);
    }

    [Fact]
    public async Task Requeue_bumps_attempts_fails_past_the_limit_and_is_idempotent()
    {
        await RegisterAsync("gpu-a");
        var task = await AddTaskAsync("travel_segment", Now.AddMinutes(-1));

        for (var attempt = 1; attempt <= 2; attempt++)
        {
            Assert.Equal(task, await ClaimAsync("gpu-a"));
            var result = await Store.RequeueTasksAsync("gpu-a", 3, ReasonCodes.Fenced, Now, spendAttempt: true, CancellationToken.None);
            Assert.Equal([task], result.Requeued);
            Assert.Empty(result.Failed);
            var stored = await ReadTaskAsync(task);
            Assert.Equal(("Queued", attempt, (string?)null), (stored.Status, stored.Attempts, stored.WorkerId));
            Assert.Contains(ReasonCodes.Fenced, stored.ErrorMessage);
            var again = await Store.RequeueTasksAsync("gpu-a", 3, ReasonCodes.Fenced, Now, spendAttempt: true, CancellationToken.None);
            Assert.Empty(again.Requeued);
            Assert.Empty(again.Failed);
        }

        Assert.Equal(task, await ClaimAsync("gpu-a"));
        var last = await Store.RequeueTasksAsync("gpu-a", 3, ReasonCodes.Fenced, Now, spendAttempt: true, CancellationToken.None);

        Assert.Equal([task], last.Failed);
        Assert.Empty(last.Requeued);
        var failed = await ReadTaskAsync(task);
        Assert.Equal(("Failed", 3), (failed.Status, failed.Attempts));
        Assert.Null(await ClaimAsync("gpu-a"));
    }

    [Fact]
    public async Task Requeue_touches_only_the_named_workers_tasks()
    {
        await RegisterAsync("gpu-a");
        await RegisterAsync("gpu-b");
        var mine = await AddTaskAsync("travel_segment", Now.AddMinutes(-2));
        var theirs = await AddTaskAsync("travel_segment", Now.AddMinutes(-1));
        await ClaimAsync("gpu-a");
        await ClaimAsync("gpu-b");

        var result = await Store.RequeueTasksAsync("gpu-a", 3, ReasonCodes.Fenced, Now, spendAttempt: true, CancellationToken.None);

        Assert.Equal([mine], result.Requeued);
        Assert.Equal(("In Progress", "gpu-b"), ((await ReadTaskAsync(theirs)).Status, (await ReadTaskAsync(theirs)).WorkerId));
    }

    [Fact]
    public async Task A_crashed_heartbeat_requeues_the_workers_tasks_and_leaves_its_state()
    {
        await RegisterAsync("gpu-a");
        var task = await AddTaskAsync("travel_segment", Now.AddMinutes(-1));
        await ClaimAsync("gpu-a");

        await HeartbeatAsync("gpu-a", "crashed");

        var stored = await ReadTaskAsync(task);
        Assert.Equal(("Queued", 1, (string?)null), (stored.Status, stored.Attempts, stored.WorkerId));
        var view = await ViewAsync("gpu-a");
        Assert.Equal(WorkerState.Requested, view!.State);
        Assert.Equal("crashed", view.DbStatus);
    }

    [Fact]
    public async Task Demand_reports_raw_queued_beside_claimable_and_too_old()
    {
        await AddTaskAsync("travel_segment", Now.AddMinutes(-1));
        await AddTaskAsync("travel_segment", Now.AddMinutes(-2));
        await AddTaskAsync("travel_segment", Now.AddHours(-48));

        var demand = (await ObserveAsync()).Demand;

        Assert.Equal(3, demand.Queued);
        Assert.Equal(2, demand.Claimable);
        Assert.Equal(1, demand.TooOld);
        Assert.Equal(0, demand.Running);
    }

    [Fact]
    public async Task Demand_counts_recent_arrivals_whatever_their_status_within_the_window()
    {
        await RegisterAsync("gpu-a");
        await AddTaskAsync("travel_segment", Now.AddMinutes(-3));
        await ClaimAsync("gpu-a");
        await AddTaskAsync("travel_segment", Now.AddMinutes(-2));
        await AddTaskAsync("travel_segment", Now.AddMinutes(-30));

        var demand = (await ObserveAsync()).Demand;

        Assert.Equal(2, demand.RecentArrivals);
        Assert.Equal(TimeSpan.FromMinutes(10), demand.ArrivalWindow);
    }

    [Fact]
    public async Task Demand_counts_claimed_work_as_running()
    {
        await RegisterAsync("gpu-a");
        for (var i = 3; i > 0; i--)
        {
            await AddTaskAsync("travel_segment", Now.AddMinutes(-i));
        }
        await ClaimAsync("gpu-a");

        var demand = (await ObserveAsync()).Demand;

        Assert.Equal((2, 2, 1), (demand.Queued, demand.Claimable, demand.Running));
    }

    [Fact]
    public async Task Pause_flag_round_trips()
    {
        Assert.False((await ObserveAsync()).Paused);

        await Store.SetPausedAsync(true, "maintenance", Now, CancellationToken.None);
        Assert.True((await ObserveAsync()).Paused);

        await Store.SetPausedAsync(false, null, Now, CancellationToken.None);
        Assert.False((await ObserveAsync()).Paused);
    }

    [Fact]
    public async Task Outcomes_are_read_within_the_window_only()
    {
        foreach (var id in new[] { "gpu-a", "gpu-b", "gpu-c" })
        {
            await RegisterAsync(id);
        }
        await ApplyAsync("gpu-a", WorkerState.Requested, WorkerState.Active, c => c with { Outcome = OutcomeKind.BootSucceeded }, Now.AddMinutes(-10));
        await ApplyAsync("gpu-b", WorkerState.Requested, WorkerState.Error, c => c with { Outcome = OutcomeKind.BootFailed, Reason = ReasonCodes.BootTimeout }, Now.AddHours(-2));
        await ApplyAsync("gpu-c", WorkerState.Requested, WorkerState.Error, c => c with { Outcome = OutcomeKind.HealthFailed, Reason = ReasonCodes.HeartbeatStale }, Now.AddMinutes(-5));

        var outcomes = (await ObserveAsync()).RecentOutcomes.OrderBy(o => o.WorkerId, StringComparer.Ordinal).ToList();

        Assert.Equal(2, outcomes.Count);
        Assert.Equal(("gpu-a", OutcomeKind.BootSucceeded, Now.AddMinutes(-10)), (outcomes[0].WorkerId, outcomes[0].Kind, outcomes[0].At));
        Assert.Equal(("gpu-c", OutcomeKind.HealthFailed, ReasonCodes.HeartbeatStale), (outcomes[1].WorkerId, outcomes[1].Kind, outcomes[1].Reason));
    }

    [Fact]
    public async Task Events_are_appended()
    {
        var cycle = Guid.NewGuid();
        await Store.AppendEventsAsync(
        [
            new ScalingEvent(Now, cycle, "cycle", null, "steady"),
            new ScalingEvent(Now, cycle, "spawn", "gpu-a", ReasonCodes.ScaleUpDemand, """{"claimable":3}"""),
        ], CancellationToken.None);
        await Store.AppendEventsAsync([], CancellationToken.None);

        Assert.Equal(2, await CountEventsAsync());
    }
}
