using System.Text.Json;
using Orchestrator.Cli;
using Orchestrator.Simulation;
using Xunit;

namespace Orchestrator.Tests.Simulation;

/// <summary><c>simulate --sweep</c>: every combination, the cost/p95 frontier, bad specifications refused.</summary>
public sealed class SweepTests
{
    [Fact]
    public async Task Sweep_replays_every_combination_and_marks_the_frontier()
    {
        var (code, output, error) = await SimulateCommandTests.RunAsync("simulate", "--scenario", "steady", "--hours", "1", "--json",
            "--sweep", "GPU_IDLE_TIMEOUT_SEC=60,300", "--sweep", "MACHINES_TO_KEEP_IDLE=0,1");

        Assert.Equal(ExitCodes.Ok, code);
        var points = JsonDocument.Parse(output).RootElement.GetProperty("sweep").EnumerateArray().ToList();
        var combinations = points.Where(p => p.GetProperty("reference").ValueKind == JsonValueKind.Null).ToList();
        Assert.Equal(4, combinations.Count);
        Assert.Equal(4, combinations.Select(p => p.GetProperty("settings").ToString()).Distinct().Count());
        Assert.Contains(combinations, p => p.GetProperty("on_frontier").GetBoolean());
        Assert.Equal(["legacy", "bound"], points.Select(p => p.GetProperty("reference").GetString()).OfType<string>());
        Assert.Contains("sweep: 6/6", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("NOT_A_SETTING=1,2", "NOT_A_SETTING is not a numeric setting")]
    [InlineData("SCALING_POLICY=1", "SCALING_POLICY is not a numeric setting")]
    [InlineData("GPU_IDLE_TIMEOUT_SEC=60,abc", "is not NAME=v1,v2")]
    [InlineData("MIN_ACTIVE_GPUS=-1", "MIN_ACTIVE_GPUS=-1 is refused")]
    public async Task A_bad_sweep_exits_2_naming_it(string sweep, string message)
    {
        var (code, _, error) = await SimulateCommandTests.RunAsync("simulate", "--hours", "1", "--sweep", sweep);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Frontier_and_best_on_both_are_pareto_and_ties_on_neither_axis_are_not_best()
    {
        SweepPoint Point(string label, decimal cost, double p95) => new(new Dictionary<string, string> { ["X"] = label },
            [new SimulationResult { Scenario = "s", Policy = "default", Seed = 1, CostUsd = cost, WaitP95Seconds = p95 }]);
        var cheap = Point("1", 80, 500);
        var fast = Point("2", 100, 300);
        var dominated = Point("3", 100, 500);
        var points = new[] { cheap, fast, dominated };

        Assert.True(SimulationSweep.OnFrontier(cheap, points));
        Assert.True(SimulationSweep.OnFrontier(fast, points));
        Assert.False(SimulationSweep.OnFrontier(dominated, points));
        Assert.Null(SimulationSweep.BestOnBoth(points));
        Assert.Same(cheap, SimulationSweep.BestOnBoth([cheap, dominated]));
    }

    [Fact]
    public void Scaled_demand_is_the_trace_n_times_over_and_the_same_for_the_same_seed()
    {
        var scenario = BuiltInScenarios.Create("steady", 1, TimeSpan.FromHours(2));

        var scaled = scenario.Scaled(10, 1);

        Assert.Equal(scenario.Arrivals.Count * 10, scaled.Arrivals.Count);
        Assert.Equal(scenario.Arrivals.Sum(a => a.Duration.TotalSeconds) * 10, scaled.Arrivals.Sum(a => a.Duration.TotalSeconds), 3);
        Assert.Equal(scaled.Arrivals, scenario.Scaled(10, 1).Arrivals);
        Assert.Same(scenario, scenario.Scaled(1, 1));
    }
}
