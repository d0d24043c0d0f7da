using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Simulation;
using Orchestrator.TestSupport;
using Orchestrator.Core.Options;
using Xunit;

namespace Orchestrator.Tests.Simulation;

/// <summary>Whole replays through the real cycle; the invariants must hold for every scenario and every policy (the clairvoyant bound too).</summary>
public sealed class ScenarioInvariantTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in BuiltInScenarios.Names)
        {
            data.Add(name, "default");
            data.Add(name, "legacy");
            data.Add(name, "bound");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Replay_keeps_every_invariant(string scenarioName, string policy)
    {
        // peak-day's day compressed into 6 h is ~4x what 6 GPUs can serve; it gets a fleet that can drain it in the overtime.
        var setup = Setup(seed: 7, policy, maxActive: scenarioName == "peak-day" ? 20 : 6);
        var run = new SimulationRun(BuiltInScenarios.Create(scenarioName, 7, TimeSpan.FromHours(6)), setup, NullLoggerFactory.Instance);

        var result = await run.RunAsync(CancellationToken.None);

        Assert.Equal(policy, result.Policy);
        Assert.True(result.TasksTotal > 0);
        Assert.Equal(0, result.MaxPodsExceeded);
        Assert.InRange(result.MaxConcurrentPods, 1, setup.Scaling.MaxActive);
        Assert.Equal(0, result.BusyKills);
        Assert.Equal(0, result.TasksUnfinished);
        Assert.All(run.Store.Tasks, t => Assert.True(
            t.Status == TaskStatuses.Complete || (t.Status == TaskStatuses.Failed && t.Attempts >= setup.Health.MaxTaskAttempts),
            $"task {t.Id} ended {t.Status} after {t.Attempts} attempts"));
        Assert.Equal(0, result.PodsBillingAtEnd);
        Assert.DoesNotContain(run.Cloud.AllPods, p => p.IsLive);
        Assert.Equal(result.TasksTotal, result.TasksDone + result.TasksFailed);
    }

    [Fact]
    public async Task Capacity_outage_shows_failed_creates_and_still_drains()
    {
        var result = await new SimulationRun(BuiltInScenarios.Create("capacity-outage", 3, TimeSpan.FromHours(6)), Setup(3, "default"), NullLoggerFactory.Instance)
            .RunAsync(CancellationToken.None);

        Assert.True(result.FailedCreates > 0);
        Assert.Equal(0, result.TasksUnfinished);
    }

    internal static SimulationSetup Setup(int seed, string policy, int maxActive = 6) => new()
    {
        Scaling = new ScalingOptions { MinActive = 0, MaxActive = maxActive, Policy = policy },
        Seed = seed,
    };
}
