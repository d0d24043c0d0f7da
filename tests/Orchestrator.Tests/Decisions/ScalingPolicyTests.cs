using Orchestrator.Core.Decisions;
using Orchestrator.Core.Domain;
using Orchestrator.Core.Options;
using Xunit;
using static Orchestrator.Tests.Decisions.Workers;

namespace Orchestrator.Tests.Decisions;

/// <summary>The scaling invariants the old service's own suite held, and its incidents.</summary>
public sealed class ScalingPolicyTests
{
    private static readonly BreakerState Closed = new(BreakerStatus.Closed, 0, 0, 0, "test");

    private static ScalingDecision Decide(ScalingOptions options, DemandSignal demand, IReadOnlyList<WorkerView> workers,
        BreakerState? breaker = null, bool paused = false, decimal spend = 0) =>
        new ScalingPolicy(options).Decide(new ScalingInput(demand, workers, breaker ?? Closed, paused, spend, T0));

    private static ScalingOptions Options(int min = 0, int max = 10, int buffer = 0, int perCycle = 10) =>
        new() { MinActive = min, MaxActive = max, WarmBuffer = buffer, MaxSpawnsPerCycle = perCycle, IdleTimeout = TimeSpan.FromMinutes(10) };

    [Theory]
    [InlineData(3, 0, 0, 3)] // three claimable tasks, nobody: three spawns
    [InlineData(3, 2, 0, 1)] // two booting workers cover two of them: a slow boot never double-spawns
    [InlineData(3, 3, 0, 0)]
    [InlineData(3, 0, 3, 0)] // three idle active workers cover them
    [InlineData(3, 1, 1, 1)]
    public void Booting_and_idle_workers_cover_claimable_tasks(int claimable, int booting, int idle, int expectedSpawns)
    {
        var workers = Enumerable.Range(0, booting).Select(i => Booting($"b{i}"))
            .Concat(Enumerable.Range(0, idle).Select(i => Active($"i{i}", idleFor: TimeSpan.FromSeconds(5))))
            .ToList();
        Assert.Equal(expectedSpawns, Decide(Options(), Demand(claimable), workers).Spawn);
    }

    [Fact]
    public void Busy_workers_do_not_cover_queued_tasks()
    {
        var workers = new[] { Active("a", running: 1), Active("b", running: 1) };
        var decision = Decide(Options(), Demand(2, running: 2), workers);
        Assert.Equal(2, decision.Spawn);
    }

    [Theory]
    [InlineData(2, 0, 2)] // floor 2, nothing: two
    [InlineData(2, 1, 1)] // one already booting: only up to the minimum
    [InlineData(2, 2, 0)] // the floor is met by booting workers: no floor spawn while others spawn
    [InlineData(3, 5, 0)]
    public void Floor_spawns_only_up_to_the_minimum_counting_booting_workers(int min, int booting, int expected)
    {
        var workers = Enumerable.Range(0, booting).Select(i => Booting($"b{i}")).ToList();
        Assert.Equal(expected, Decide(Options(min: min), Demand(0), workers).Spawn);
    }

    [Theory]
    [InlineData(10, 0, 50, 10)]
    [InlineData(10, 4, 50, 6)]
    [InlineData(10, 10, 50, 0)]
    [InlineData(3, 5, 50, 0)] // over the ceiling already (lowered at runtime): no spawn, never negative
    public void Spawns_never_exceed_the_ceiling_minus_capacity(int max, int capacity, int claimable, int expected)
    {
        var workers = Enumerable.Range(0, capacity).Select(i => Active($"a{i}", running: 1)).ToList();
        Assert.Equal(expected, Decide(Options(max: max, perCycle: 100), Demand(claimable), workers).Spawn);
    }

    [Fact]
    public void Spawns_are_capped_per_cycle()
    {
        Assert.Equal(3, Decide(Options(perCycle: 3), Demand(9), []).Spawn);
    }

    [Theory]
    [InlineData(BreakerStatus.Open, 0, 0)]
    [InlineData(BreakerStatus.HalfOpen, 0, 1)] // one probe
    [InlineData(BreakerStatus.HalfOpen, 1, 0)] // a probe is already booting
    [InlineData(BreakerStatus.Closed, 0, 5)]
    public void A_tripped_breaker_blocks_spawning(BreakerStatus status, int booting, int expected)
    {
        var workers = Enumerable.Range(0, booting).Select(i => Booting($"b{i}")).ToList();
        var breaker = new BreakerState(status, 9, 1, 0.9, "test");
        Assert.Equal(expected, Decide(Options(), Demand(5 + booting), workers, breaker).Spawn);
    }

    [Fact]
    public void Pause_and_spend_cap_block_spawning()
    {
        Assert.Equal(0, Decide(Options(), Demand(5), [], paused: true).Spawn);
        var capped = Options();
        capped.MaxHourlySpend = 2m;
        Assert.Equal(0, Decide(capped, Demand(5), [], spend: 2.1m).Spawn);
        Assert.Equal(5, Decide(capped, Demand(5), [], spend: 1.9m).Spawn);
    }

    [Fact]
    public void Never_terminates_below_the_floor_of_active_workers()
    {
        var workers = new[] { Active("a", idleFor: TimeSpan.FromHours(3)), Active("b", idleFor: TimeSpan.FromHours(3)), Booting("c") };
        var decision = Decide(Options(min: 2), Demand(0), workers);
        Assert.DoesNotContain("a", decision.Terminate);
        Assert.DoesNotContain("b", decision.Terminate);
    }

    [Fact]
    public void Never_terminates_a_busy_worker()
    {
        var workers = new[] { Active("busy", running: 1), Active("idle", idleFor: TimeSpan.FromHours(1)) };
        var decision = Decide(Options(min: 0), Demand(0, running: 1), workers);
        Assert.Equal(["idle"], decision.Terminate);
    }

    /// <summary>Incident a796554: idle was measured from the heartbeat (refreshed every 20 s), so nobody was ever idle and pods billed forever.</summary>
    [Fact]
    public void Incident_a796554_idle_is_measured_from_last_work_not_the_heartbeat()
    {
        var worker = Active("w", idleFor: TimeSpan.FromMinutes(30)) with { LastHeartbeat = T0 - TimeSpan.FromSeconds(5) };
        Assert.Equal(["w"], Decide(Options(min: 0), Demand(0), [worker]).Terminate);
    }

    /// <summary>Incident 17:55: a freshly promoted worker with no completions was killed one cycle after activation.</summary>
    [Fact]
    public void Incident_1755_a_just_promoted_worker_is_not_idle_yet()
    {
        var worker = Active("fresh") with { StateSince = T0 - TimeSpan.FromSeconds(40), LastWorkAt = null };
        Assert.Empty(Decide(Options(min: 0), Demand(0), [worker]).Terminate);
    }

    [Fact]
    public void Warm_buffer_keeps_idle_workers_beside_the_busy_ones()
    {
        var workers = new[] { Active("busy", running: 1), Active("idle", idleFor: TimeSpan.FromHours(1)) };
        var decision = Decide(Options(min: 0, buffer: 1), Demand(0, running: 1), workers);
        Assert.Empty(decision.Terminate);
        Assert.Equal(0, decision.Spawn);
    }

    [Fact]
    public void Every_decision_says_why_including_doing_nothing()
    {
        var decision = Decide(Options(min: 0), Demand(0), []);
        Assert.Equal(0, decision.Spawn);
        Assert.Contains(decision.Reasons, r => r.StartsWith("no spawn", StringComparison.Ordinal));
    }

    [Fact]
    public void Each_policy_termination_carries_a_reason_code_that_says_what_happened()
    {
        // Nothing claimable, floor 0: a surplus boot is cancelled, and an idle worker past the full idle timeout
        // goes (no arrival counts: every idle worker is "kept warm", so only the full timeout lets it go; the
        // short quiet timeout's code, idle-surplus, is asserted by the scenario test that has arrivals).
        var workers = new[] { Booting("boot"), Active("idle", idleFor: TimeSpan.FromHours(1)) };
        var decision = Decide(Options(), Demand(0), workers);
        Assert.Equal(ReasonCodes.SurplusBootCancelled, decision.ReasonFor("boot"));
        Assert.Equal(ReasonCodes.IdleTimeout, decision.ReasonFor("idle"));
        Assert.Equal(["boot", "idle"], decision.Terminate.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_legacy_policy_names_over_capacity_and_idle_timeout_terminations_apart()
    {
        var legacy = new LegacyScalingPolicy(Options(min: 0, max: 1));
        var over = legacy.Decide(new ScalingInput(Demand(0), [Active("a", idleFor: TimeSpan.FromHours(1)), Active("b", idleFor: TimeSpan.FromHours(1))], Closed, false, 0, T0));
        Assert.All(over.Terminate, id => Assert.Contains(over.ReasonFor(id), new[] { ReasonCodes.IdleOverCapacity, ReasonCodes.IdleTimeout }));
        Assert.Contains(over.Terminate, id => over.ReasonFor(id) == ReasonCodes.IdleOverCapacity);
    }
}
