using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Core.Decisions;
using Orchestrator.Core.Domain;
using Orchestrator.Core.Options;
using Orchestrator.Simulation;
using Xunit;

namespace Orchestrator.Tests.Simulation;

/// <summary>The clairvoyant bound column, the share of the gap closed, and ties counted as ties.</summary>
public sealed class BoundTests
{
    private static readonly DateTimeOffset Start = SimulationRun.Start;
    private static readonly TimeSpan Lead = TimeSpan.FromSeconds(540);

    [Fact]
    public void Bound_boots_pods_ahead_of_arrivals_it_knows_about()
    {
        // 12 tasks of 200 s arrive at 5 min: 2,400 GPU-s inside the 1,080 s horizon, of which a pod created now serves 540 s.
        var arrivals = Enumerable.Range(0, 12).Select(i => new TaskArrival(TimeSpan.FromSeconds(300 + i), TimeSpan.FromSeconds(200))).ToList();
        var policy = new ClairvoyantScalingPolicy(new ScalingOptions { MinActive = 0, MaxActive = 10 }, arrivals, Start, Lead);

        var decision = policy.Decide(Input(Start, queued: 0, []));

        Assert.Equal(5, decision.Spawn);
    }

    [Fact]
    public void Bound_lets_idle_workers_go_when_nothing_is_coming_but_keeps_the_floor()
    {
        var policy = new ClairvoyantScalingPolicy(new ScalingOptions { MinActive = 1, MaxActive = 10 }, [], Start, Lead);
        var idle = Enumerable.Range(0, 3).Select(i => new WorkerView { Id = $"idle-{i}", State = WorkerState.Active, CreatedAt = Start, StateSince = Start }).ToList();

        var decision = policy.Decide(Input(Start.AddHours(1), queued: 0, idle));

        Assert.Equal(2, decision.Terminate.Count);
        Assert.Equal(0, decision.Spawn);
    }

    [Fact]
    public void Spike_after_idle_a_tenth_of_a_percent_cheaper_at_the_same_p95_is_a_tie_not_a_win()
    {
        // Issue 16: 40.07 vs 40.11 $ at 1302 vs 1302 s was counted as a win.
        var item = Pair(40.07m, 1302, 40.11m, 1302);

        Assert.True(item.Tie);
        Assert.False(item.CheaperAtEqualWait);
        Assert.StartsWith("tie", item.Verdict, StringComparison.Ordinal);
        Assert.Contains("ties on 1", SimulationReport.Summary([item, Pair(90, 300, 100, 300)]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(90, 100, 80, 0.5)]
    [InlineData(80, 100, 80, 1.0)]
    [InlineData(105, 100, 80, -0.25)]
    public void Gap_closed_is_the_share_of_legacy_minus_bound_the_candidate_saves(double candidate, double legacy, double bound, double share)
    {
        var item = Pair((decimal)candidate, 300, (decimal)legacy, 300) with { Bound = Result("bound", (decimal)bound, 200) };

        Assert.Equal(share, item.GapClosed!.Value, 3);
    }

    [Fact]
    public void No_gap_when_the_bound_is_not_cheaper_than_legacy()
    {
        var item = Pair(90, 300, 100, 300) with { Bound = Result("bound", 101, 100) };

        Assert.Null(item.GapClosed);
    }

    [Fact]
    public async Task Every_report_has_the_bound_column_and_a_series_per_simulated_minute()
    {
        var scenario = BuiltInScenarios.Create("bursty-day", 3, TimeSpan.FromHours(3));

        var item = (await SimulationSuite.RunAsync([scenario], ScenarioInvariantTests.Setup(3, "default"), NullLoggerFactory.Instance, NullLoggerFactory.Instance, null, CancellationToken.None))[0];

        Assert.Equal("bound", item.Bound!.Policy);
        Assert.Equal(0, item.Bound.BusyKills);
        Assert.Equal(item.Bound.TasksTotal, item.Bound.TasksDone + item.Bound.TasksFailed);
        foreach (var result in new[] { item.Candidate, item.Baseline, item.Bound })
        {
            var series = result.Series;
            Assert.InRange(series.Count, (int)(result.SimulatedHours * 60) - 1, (int)(result.SimulatedHours * 60) + 1);
            Assert.Equal(Enumerable.Range(0, series.Count), series.Select(s => s.Minute));
            Assert.True(series.Zip(series.Skip(1)).All(p => p.Second.CostUsd >= p.First.CostUsd), "cost so far never falls");
            Assert.InRange(series[^1].CostUsd, result.CostUsd - 1m, result.CostUsd);
            Assert.InRange(series.Max(s => s.Pods), 1, result.MaxConcurrentPods);
            Assert.Contains(series, s => s.Queued > 0);
        }
        Assert.Contains("bound", SimulationReport.Text([item]), StringComparison.Ordinal);
    }

    internal static SideBySide Pair(decimal candidateCost, double candidateP95, decimal legacyCost, double legacyP95) =>
        new(new Scenario("s", "d", []), Result("default", candidateCost, candidateP95), Result("legacy", legacyCost, legacyP95));

    private static SimulationResult Result(string policy, decimal cost, double p95) =>
        new() { Scenario = "s", Policy = policy, Seed = 1, CostUsd = cost, WaitP95Seconds = p95 };

    private static ScalingInput Input(DateTimeOffset now, int queued, IReadOnlyList<WorkerView> workers) =>
        new(new DemandSignal(queued, queued, workers.Count(w => w.IsBusy), "test"), workers,
            new BreakerState(BreakerStatus.Closed, 0, 0, 0, "test"), Paused: false, SpendPerHour: 0, now);
}
