using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Simulation;
using Xunit;

namespace Orchestrator.Tests.Simulation;

public sealed class DeterminismTests
{
    [Fact]
    public async Task Same_seed_gives_the_same_report()
    {
        var first = await ReportAsync(seed: 11);
        var second = await ReportAsync(seed: 11);

        Assert.Equal(first, second);
    }

    /// <summary>
    /// A day that keeps the ceiling busy, with terminates and creates in the same cycles: before the simulator ran the
    /// cycle's calls one at a time (CycleOptions.Sequential), which create reached the simulated stock first depended on
    /// thread scheduling, and four replays of this day gave four different reports.
    /// </summary>
    [Fact]
    public async Task A_busy_day_at_the_ceiling_replays_the_same_twice()
    {
        var scenarios = new[] { BuiltInScenarios.Create("peak-day", 2, TimeSpan.FromHours(24)) };
        var setup = ScenarioInvariantTests.Setup(2, "default", maxActive: 10) with
        {
            Scaling = new Orchestrator.Core.Options.ScalingOptions { MinActive = 2, MaxActive = 10, Policy = "default" },
        };
        var first = SimulationReport.Json(await SimulationSuite.RunAsync(scenarios, setup, NullLoggerFactory.Instance, NullLoggerFactory.Instance, null, CancellationToken.None));
        var second = SimulationReport.Json(await SimulationSuite.RunAsync(scenarios, setup, NullLoggerFactory.Instance, NullLoggerFactory.Instance, null, CancellationToken.None));

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Another_seed_gives_another_replay()
    {
        Assert.NotEqual(await ReportAsync(seed: 11), await ReportAsync(seed: 12));
    }

    private static async Task<string> ReportAsync(int seed)
    {
        var scenarios = new[] { BuiltInScenarios.Create("bursty-day", seed, TimeSpan.FromHours(4)), BuiltInScenarios.Create("capacity-outage", seed, TimeSpan.FromHours(4)) };
        var results = await SimulationSuite.RunAsync(scenarios, ScenarioInvariantTests.Setup(seed, "default"), NullLoggerFactory.Instance, NullLoggerFactory.Instance, null, CancellationToken.None);
        return SimulationReport.Json(results);
    }
}
