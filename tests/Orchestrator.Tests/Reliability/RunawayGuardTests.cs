using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Core.Cycle;
using Orchestrator.Core.Decisions;
using Orchestrator.Core.Domain;
using Orchestrator.Core.Options;
using Orchestrator.Observability;
using Orchestrator.Simulation;
using Orchestrator.TestSupport;
using Orchestrator.Tests.Store;
using Xunit;
using Xunit.Abstractions;

namespace Orchestrator.Tests.Reliability;

/// <summary>
/// Issue 15 item 6, the runaway guard: a burst of 1,000 queued tasks against the real PostgreSQL store and the
/// real cycle on a virtual clock creates exactly up to the ceiling (or the spend cap), never more than
/// MAX_POD_CREATES_PER_MINUTE in any 60 s; and a broken policy that asks for 1,000 pods every cycle still gets
/// no more than the limit. The limit's hits are audited and counted.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class RunawayGuardTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private const int PerMinute = 20;
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_burst_of_1000_tasks_creates_exactly_up_to_the_ceiling_within_the_rate()
    {
        var run = await BurstAsync(scaling => scaling.MaxActive = 100, policy: null);

        Assert.Equal(100, run.Creates);
        Assert.InRange(run.MaxInAnyMinute, 1, PerMinute);
        Assert.True(run.Hits > 0);
        Assert.Equal(run.Hits, run.AuditedHits);
        Assert.Contains($"orchestrator_spawn_failures_total{{reason=\"{ReasonCodes.CreateRateLimit}\"}} {run.Hits}", run.Metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_burst_under_a_spend_cap_creates_exactly_up_to_the_cap()
    {
        // 0.69 $/h a pod: spawning goes on while the fleet is under 30 $/h, so ceil(30 / 0.69) = 44 pods.
        var run = await BurstAsync(scaling => { scaling.MaxActive = 100; scaling.MaxHourlySpend = 30m; }, policy: null);

        Assert.Equal(44, run.Creates);
        Assert.InRange(run.MaxInAnyMinute, 1, PerMinute);
    }

    [Fact]
    public async Task A_policy_that_asks_for_1000_pods_every_cycle_gets_no_more_than_the_rate()
    {
        var run = await BurstAsync(scaling => scaling.MaxActive = 100, policy: new RunawayPolicy());

        Assert.Equal(PerMinute * 10, run.Creates); // 40 cycles 15 s apart: ten windows of 60 s
        Assert.Equal(PerMinute, run.MaxInAnyMinute);
        Assert.Equal(40, run.Hits); // every cycle held back: 20 let through in 10 of them, none in the other 30
    }

    private async Task<BurstRun> BurstAsync(Action<ScalingOptions> configure, IScalingPolicy? policy)
    {
        await using var db = await postgres.CreateDatabaseAsync();
        var start = DateTimeOffset.UtcNow;
        var project = await db.AddUserAsync();
        await db.ExecuteAsync("INSERT INTO tasks (task_type, project_id, created_at) SELECT 'travel_segment', $1, $2 FROM generate_series(1, 1000)", project, start.ToUniversalTime());
        var scaling = new ScalingOptions { MinActive = 0, MaxSpawnsPerCycle = 50, MaxPodCreatesPerMinute = PerMinute };
        configure(scaling);
        var health = new HealthOptions { BootTimeout = TimeSpan.FromHours(2), CreateConfirmTimeout = TimeSpan.FromHours(2) };
        var (breaker, cycle) = (new BreakerOptions(), new CycleOptions());
        var clock = new ManualTimeProvider(start);
        var cloud = new InMemoryGpuCloud();
        var metrics = new FleetMetrics(clock);
        var control = new ControlCycle(db.CreateStore(new DemandOptions { Mode = "plain" }), cloud, new ScriptedBootstrapper(),
            new CyclePlanner(policy ?? new ScalingPolicy(scaling), health, breaker, cycle),
            new CycleSettings(cycle, health, breaker, scaling), clock, NullLogger<ControlCycle>.Instance, [metrics]);

        var creates = new List<(DateTimeOffset At, int Count)>();
        var hits = 0;
        for (var i = 0; i < 40; i++)
        {
            var before = cloud.CreateCalls;
            var report = await control.RunOnceAsync(dryRun: false, CancellationToken.None);
            Assert.True(report.Succeeded, report.Error);
            creates.Add((clock.GetUtcNow(), cloud.CreateCalls - before));
            hits += report.RateLimited > 0 ? 1 : 0;
            clock.Advance(Poll);
        }
        var maxInMinute = creates.Max(c => creates.Where(o => o.At >= c.At && o.At < c.At + CreateRateLimiter.Window).Sum(o => o.Count));
        var audited = (int)await db.ScalarAsync<long>("SELECT count(*) FROM orchestrator_events WHERE kind = 'spawn-failed' AND reason = $1", ReasonCodes.CreateRateLimit);
        var run = new BurstRun(cloud.CreateCalls, maxInMinute, hits, audited, await metrics.RenderAsync());
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"burst: 1000 queued, ceiling {scaling.MaxActive}, cap {scaling.MaxHourlySpend?.ToString(CultureInfo.InvariantCulture) ?? "none"} $/h, policy {policy?.Name ?? "default"}: " +
            $"{run.Creates} creates in 40 cycles ({Poll.TotalSeconds:0} s apart), at most {run.MaxInAnyMinute} in any 60 s (limit {PerMinute}), " +
            $"first create {creates.FindIndex(c => c.Count > 0)}, last create at cycle {creates.FindLastIndex(c => c.Count > 0)}, limit hit in {run.Hits} cycles"));
        return run;
    }

    private sealed record BurstRun(int Creates, int MaxInAnyMinute, int Hits, int AuditedHits, string Metrics);

    /// <summary>A bug: asks for 1,000 pods every cycle, whatever the ceiling, the fleet or the gates.</summary>
    private sealed class RunawayPolicy : IScalingPolicy
    {
        public string Name => "runaway";

        public ScalingDecision Decide(ScalingInput input) =>
            new() { Desired = 1000, Capacity = input.Workers.Count, Active = 0, Busy = 0, Spawn = 1000, SpawnReason = ReasonCodes.ScaleUpDemand };
    }
}
