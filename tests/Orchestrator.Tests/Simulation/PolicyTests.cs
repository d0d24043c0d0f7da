using Orchestrator.Core.Decisions;
using Orchestrator.Core.Domain;
using Orchestrator.Core.Options;
using Xunit;

namespace Orchestrator.Tests.Simulation;

/// <summary>The default policy's simulator-driven rules and the legacy formula, table-driven.</summary>
public sealed class PolicyTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 6, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    // queued, busy, idle(active), expected spawn (legacy: a pod per queued-or-running task, no per-cycle cap)
    [InlineData(0, 0, 0, 2)]
    [InlineData(5, 0, 0, 5)]
    [InlineData(3, 2, 0, 3)]
    [InlineData(30, 2, 0, 8)]
    [InlineData(0, 2, 1, 0)]
    public void Legacy_spawns_one_pod_per_task_up_to_max(int queued, int busy, int idle, int spawn)
    {
        var workers = Active(busy, busy: true).Concat(Active(idle, busy: false, lastWork: Now.AddSeconds(-10))).ToList();
        var decision = new LegacyScalingPolicy(new ScalingOptions { MinActive = 2, MaxActive = 10 }).Decide(Input(queued, workers));

        Assert.Equal(spawn, decision.Spawn);
    }

    [Fact]
    public void Legacy_kills_an_idle_worker_30s_after_its_creation_when_over_target_newest_first()
    {
        var workers = Active(2, busy: true).Concat([
            Worker("old", WorkerState.Active, Now.AddMinutes(-60), Now.AddSeconds(-31)),
            Worker("fresh", WorkerState.Active, Now.AddMinutes(-11), null),
        ]).ToList();

        var decision = new LegacyScalingPolicy(new ScalingOptions { MinActive = 0, MaxActive = 10 }).Decide(Input(0, workers));

        Assert.Equal(["fresh", "old"], decision.Terminate);
    }

    [Fact]
    public void Legacy_cuts_booting_workers_past_180s_when_nothing_is_queued()
    {
        var workers = new[] { Worker("b-old", WorkerState.Spawning, Now.AddSeconds(-200), null), Worker("b-new", WorkerState.Spawning, Now.AddSeconds(-60), null) };

        var decision = new LegacyScalingPolicy(new ScalingOptions { MinActive = 0, MaxActive = 10 }).Decide(Input(0, workers));

        Assert.Equal(["b-old"], decision.Terminate);
    }

    [Fact]
    public void Legacy_never_terminates_a_busy_worker_nor_goes_below_min_active()
    {
        var workers = Active(3, busy: true).Concat([Worker("idle", WorkerState.Active, Now.AddHours(-1), Now.AddHours(-1))]).ToList();

        var decision = new LegacyScalingPolicy(new ScalingOptions { MinActive = 4, MaxActive = 10 }).Decide(Input(0, workers));

        Assert.Empty(decision.Terminate);
    }

    [Theory]
    // queued, busy, per-busy cap, expected spawn: queued tasks are first left to busy workers (boot 600 s, tasks ~300 s)
    [InlineData(4, 4, 0.0, 4)]
    [InlineData(4, 4, 0.75, 1)]
    [InlineData(4, 4, 1.0, 0)]
    [InlineData(12, 4, 1.0, 6)]
    public void Default_leaves_queued_tasks_to_busy_workers_that_finish_before_a_boot(int queued, int busy, double perBusy, int spawn)
    {
        var workers = Active(busy, busy: true);
        var options = new ScalingOptions { MinActive = 0, MaxActive = 10, QueuePerBusyWorker = perBusy };

        var decision = new ScalingPolicy(options).Decide(Input(queued, workers));

        Assert.Equal(spawn, decision.Spawn);
    }

    [Fact]
    public void Default_leaves_nothing_to_busy_workers_when_their_tasks_outlast_a_boot()
    {
        var workers = Active(4, busy: true, taskAge: TimeSpan.FromMinutes(20));

        var decision = new ScalingPolicy(new ScalingOptions { MinActive = 0, MaxActive = 10, QueuePerBusyWorker = 1 }).Decide(Input(4, workers));

        Assert.Equal(3, decision.Spawn);
    }

    [Fact]
    public void Default_cancels_surplus_boots_most_expensive_first_and_never_a_busy_worker()
    {
        var workers = Active(2, busy: true).Concat([
            Worker("boot-cheap", WorkerState.Spawning, Now.AddSeconds(-100), null) with { CostPerHour = 0.69m },
            Worker("boot-dear", WorkerState.Spawning, Now.AddSeconds(-200), null) with { CostPerHour = 0.99m },
        ]).ToList();

        var decision = new ScalingPolicy(new ScalingOptions { MinActive = 0, MaxActive = 10 }).Decide(Input(0, workers));

        Assert.Equal(["boot-dear", "boot-cheap"], decision.Terminate);
    }

    [Fact]
    public void Default_lets_the_most_expensive_idle_worker_go_first()
    {
        var workers = new[]
        {
            Worker("cheap", WorkerState.Active, Now.AddHours(-1), Now.AddMinutes(-20)) with { CostPerHour = 0.69m },
            Worker("dear", WorkerState.Active, Now.AddHours(-1), Now.AddMinutes(-10)) with { CostPerHour = 0.99m },
        };

        var decision = new ScalingPolicy(new ScalingOptions { MinActive = 1, MaxActive = 10 }).Decide(Input(0, workers));

        Assert.Equal(["dear"], decision.Terminate);
    }

    [Theory]
    // recent arrivals in the 10 min window, idle workers past 60 s, expected terminations (MIN 0, boot 10 min, quiet 30 s, keep 2 per expected arrival)
    [InlineData(0, 4, 4)] // nothing arriving: every surplus idle worker goes after the quiet timeout
    [InlineData(1, 4, 2)] // one task per boot expected: two kept warm for the full idle timeout
    [InlineData(3, 4, 0)] // busy arrivals: all kept
    public void Default_keeps_idle_workers_for_the_tasks_expected_within_a_boot(int arrivals, int idle, int expected)
    {
        var workers = Active(idle, busy: false, lastWork: Now.AddSeconds(-60));
        var input = Input(0, workers) with
        {
            Demand = new DemandSignal(0, 0, 0, "test") { RecentArrivals = arrivals, ArrivalWindow = TimeSpan.FromMinutes(10) },
        };

        var decision = new ScalingPolicy(new ScalingOptions { MinActive = 0, MaxActive = 10, KeepPerExpectedArrival = 2 }).Decide(input);

        Assert.Equal(expected, decision.Terminate.Count);
    }

    [Theory]
    // recent arrivals in the 10 min window, expected terminations of 4 idle workers past 60 s (MIN 0, boot 10 min,
    // the default 0.3 kept per expected arrival, rounded up)
    [InlineData(0, 4)] // nothing arriving: none kept
    [InlineData(1, 3)] // 0.3 of a worker still keeps one
    [InlineData(3, 3)] // 0.9 → 1 kept
    [InlineData(5, 2)] // 1.5 → 2 kept
    [InlineData(10, 1)] // exactly 3 → 3 kept, not 4
    [InlineData(14, 0)] // 4.2 → all 4 kept
    public void Default_keeps_workers_per_expected_arrival_rounded_up(int arrivals, int expected)
    {
        var workers = Active(4, busy: false, lastWork: Now.AddSeconds(-60));
        var input = Input(0, workers) with
        {
            Demand = new DemandSignal(0, 0, 0, "test") { RecentArrivals = arrivals, ArrivalWindow = TimeSpan.FromMinutes(10) },
        };

        var decision = new ScalingPolicy(new ScalingOptions { MinActive = 0, MaxActive = 10 }).Decide(input);

        Assert.Equal(expected, decision.Terminate.Count);
    }

    [Fact]
    public void Default_keeps_the_full_idle_timeout_when_the_store_does_not_count_arrivals()
    {
        var workers = Active(3, busy: false, lastWork: Now.AddSeconds(-60));

        var decision = new ScalingPolicy(new ScalingOptions { MinActive = 0, MaxActive = 10 }).Decide(Input(0, workers));

        Assert.Empty(decision.Terminate);
    }

    [Theory]
    // the floor at night: one idle worker on a dearer type for `idleMinutes`, one cheap idle worker; newest created
    // `newestMinutes` ago; expected spawn (REPLACE_DEAR_IDLE_AFTER_SEC 900, REPLACE_DEAR_BACKOFF_SEC 1800 by default)
    [InlineData(0.69, false, 20, 120, 900, 1)] // dear for 20 min, nothing created for 2 h: one replacement
    [InlineData(0.69, false, 10, 120, 900, 0)] // idle only 10 min: not yet
    [InlineData(0.69, false, 20, 10, 900, 0)] // a worker created 10 min ago: within the back-off
    [InlineData(0.51, false, 20, 120, 900, 0)] // 0.51 vs 0.49: within 5 %, not dearer
    [InlineData(0.69, true, 20, 120, 900, 0)] // a spot worker is not compared with on-demand ones
    [InlineData(0.69, false, 20, 120, 0, 0)] // 0: never
    public void Default_replaces_a_long_idle_worker_on_a_dearer_type(double price, bool spot, int idleMinutes, int newestMinutes, int after, int spawn)
    {
        var workers = Floor(price, spot, idleMinutes, newestMinutes);
        var options = new ScalingOptions { MinActive = 2, MaxActive = 10, ReplaceDearIdleAfter = TimeSpan.FromSeconds(after) };

        var decision = new ScalingPolicy(options).Decide(Input(0, workers));

        Assert.Equal(spawn, decision.Spawn);
        Assert.Empty(decision.Terminate);
    }

    [Fact]
    public void Default_keeps_the_replacement_booting_and_then_lets_the_dear_worker_go()
    {
        var policy = new ScalingPolicy(new ScalingOptions { MinActive = 2, MaxActive = 10 });
        var booting = Worker("new", WorkerState.Spawning, Now.AddMinutes(-5), null) with { CostPerHour = 0.49m };

        var whileBooting = policy.Decide(Input(0, [.. Floor(0.69, false, 20, 120), booting]));
        var up = booting with { State = WorkerState.Active, StateSince = Now.AddSeconds(-40) };
        var once = policy.Decide(Input(0, [.. Floor(0.69, false, 20, 120), up]));

        Assert.Equal((0, 0), (whileBooting.Spawn, whileBooting.Terminate.Count)); // not cancelled as a surplus boot
        Assert.Equal(["dear"], once.Terminate);
    }

    [Fact]
    public void Default_tries_a_replacement_once_per_back_off_even_when_the_create_leaves_no_worker()
    {
        var policy = new ScalingPolicy(new ScalingOptions { MinActive = 2, MaxActive = 10 });
        var workers = Floor(0.69, false, 20, 120);

        var first = policy.Decide(Input(0, workers));
        var minuteLater = policy.Decide(Input(0, workers) with { Now = Now.AddMinutes(1) });
        var afterBackoff = policy.Decide(Input(0, workers) with { Now = Now.AddMinutes(31) });

        Assert.Equal([1, 0, 1], [first.Spawn, minuteLater.Spawn, afterBackoff.Spawn]);
    }

    private static List<WorkerView> Floor(double dearPrice, bool dearSpot, int idleMinutes, int newestMinutes) =>
    [
        Worker("cheap", WorkerState.Active, Now.AddMinutes(-newestMinutes), Now.AddHours(-1)) with { CostPerHour = 0.49m, StateSince = Now.AddMinutes(-newestMinutes) },
        Worker("dear", WorkerState.Active, Now.AddHours(-3), Now.AddMinutes(-idleMinutes)) with { CostPerHour = (decimal)dearPrice, Spot = dearSpot },
    ];

    private static ScalingInput Input(int queued, IReadOnlyList<WorkerView> workers) =>
        new(new DemandSignal(queued, queued, workers.Count(w => w.IsBusy), "test"), workers,
            new BreakerState(BreakerStatus.Closed, 0, 0, 0, "test"), Paused: false, SpendPerHour: 0, Now);

    private static List<WorkerView> Active(int count, bool busy, DateTimeOffset? lastWork = null, TimeSpan? taskAge = null) =>
        Enumerable.Range(0, count).Select(i => Worker($"{(busy ? "busy" : "idle")}-{i}", WorkerState.Active, Now.AddHours(-2), lastWork) with
        {
            StateSince = Now.AddHours(-2).AddMinutes(10),
            RunningTasks = busy ? 1 : 0,
            OldestRunningTask = busy ? new RunningTaskInfo(Guid.NewGuid(), "t", Now - (taskAge ?? TimeSpan.FromSeconds(150))) : null,
        }).ToList();

    private static WorkerView Worker(string id, WorkerState state, DateTimeOffset created, DateTimeOffset? lastWork) => new()
    {
        Id = id, State = state, CreatedAt = created, StateSince = created, LastWorkAt = lastWork,
    };
}
