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
