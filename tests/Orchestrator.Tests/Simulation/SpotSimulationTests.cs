using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Cli;
using Orchestrator.Core.Domain;
using Orchestrator.Core.Options;
using Orchestrator.Core.Ports;
using Orchestrator.Simulation;
using Xunit;

namespace Orchestrator.Tests.Simulation;

/// <summary>Spot in the simulated world, through the real cycle: interruption → requeue without an attempt → replacement.</summary>
public sealed class SpotSimulationTests
{
    private static SimulationSetup SpotSetup(SpotMode mode, decimal bid, double interruptionsPerHour, double crashPerTask = 0.01) => new()
    {
        Scaling = new ScalingOptions { MinActive = 0, MaxActive = 6 },
        Spot = new SpotOptions { Mode = mode, MaxInterruptionsPerHour = 1000 },
        BidPerGpu = bid,
        Profile = new SimulationProfile { SpotInterruptionsPerHour = interruptionsPerHour, CrashPerTask = crashPerTask },
        Seed = 7,
    };

    [Fact]
    public async Task Interrupted_pods_requeue_their_tasks_without_spending_an_attempt_and_are_replaced()
    {
        var setup = SpotSetup(SpotMode.Always, 0.5m, interruptionsPerHour: 2, crashPerTask: 0);
        var run = new SimulationRun(BuiltInScenarios.Create("steady", 7, TimeSpan.FromHours(4)), setup, NullLoggerFactory.Instance);

        var result = await run.RunAsync(CancellationToken.None);

        Assert.True(result.SpotInterruptions >= 5, $"{result.SpotInterruptions} interruptions");
        Assert.InRange(result.InterruptedWorkers, 1, result.SpotInterruptions);
        Assert.True(result.PodsCreated > result.SpotInterruptions, "interrupted pods are replaced");
        Assert.Equal(result.TasksTotal, result.TasksDone);
        Assert.Equal(0, result.TasksFailed);
        Assert.Equal(0, result.BusyKills);
        Assert.Equal(0, result.PodsBillingAtEnd);
        var requeued = run.Store.Tasks.Where(t => t.ErrorMessage?.Contains("not counted", StringComparison.Ordinal) == true).ToList();
        Assert.NotEmpty(requeued);
        Assert.All(run.Store.Tasks, t => Assert.Equal(0, t.Attempts)); // no crash here: only interruptions requeued, and they spend none
        Assert.All(run.Store.Workers.Where(w => w.Reason == ReasonCodes.SpotInterrupted), w => Assert.Equal(WorkerState.Terminated, w.State));
    }

    [Fact]
    public async Task Spot_drought_loses_no_task_and_the_floor_stays_on_demand()
    {
        var setup = SpotSetup(SpotMode.Mixed, 0.5m, interruptionsPerHour: 0.1);
        var run = new SimulationRun(BuiltInScenarios.Create("spot-drought", 7, TimeSpan.FromHours(6)), setup, NullLoggerFactory.Instance);

        var result = await run.RunAsync(CancellationToken.None);

        Assert.True(result.SpotPods > 0);
        Assert.True(result.SpotRefusals > 0, "no spot offered for part of the drought");
        Assert.Equal(0, result.TasksUnfinished);
        Assert.Equal(0, result.TasksFailed);
        Assert.Contains(run.Cloud.AllPods, p => !p.Spot);
    }

    [Fact]
    public async Task Spot_is_priced_at_the_minimum_bid_and_refused_above_the_bid()
    {
        var profile = new SimulationProfile { Offers = [new GpuOffer("NVIDIA RTX A6000", 0.49m, 1.0), new GpuOffer("NVIDIA L40S", 0.86m, 1.0)] };
        var time = new ManualTimeProvider(SimulationRun.Start);
        var cloud = new SimulatedRunPod(time, SimulationRun.Start, 3, profile, [], "gpu-", bidPerGpu: 0.30m);
        var lowBid = new SimulatedRunPod(time, SimulationRun.Start, 3, profile, [], "gpu-", bidPerGpu: 0.20m);

        var created = Assert.IsType<PodCreateOutcome.Created>(await cloud.CreatePodAsync(new PodRequest("gpu-a", Spot: true), CancellationToken.None));
        var refused = await lowBid.CreatePodAsync(new PodRequest("gpu-b", Spot: true), CancellationToken.None);

        Assert.Equal(Math.Round(0.49m * 0.163m / 0.30m, 3) + profile.DiskPerHour, created.Pod.CostPerHour);
        Assert.Equal("NVIDIA RTX A6000", created.Pod.GpuType);
        Assert.Contains("below the minimum bid", Assert.IsType<PodCreateOutcome.SpotUnavailable>(refused).Detail, StringComparison.Ordinal);
        Assert.IsType<PodCreateOutcome.Created>(await lowBid.CreatePodAsync(new PodRequest("gpu-b"), CancellationToken.None));
    }

    [Fact]
    public async Task An_interrupted_pod_shows_exited_stops_billing_its_gpu_and_refuses_ssh()
    {
        var profile = new SimulationProfile { SpotInterruptionsPerHour = 100, Offers = [new GpuOffer("NVIDIA RTX A6000", 0.49m, 1.0)] };
        var time = new ManualTimeProvider(SimulationRun.Start);
        var cloud = new SimulatedRunPod(time, SimulationRun.Start, 3, profile, [], "gpu-", bidPerGpu: 0.5m);
        var created = Assert.IsType<PodCreateOutcome.Created>(await cloud.CreatePodAsync(new PodRequest("gpu-a", Spot: true), CancellationToken.None));
        var pod = cloud.PodById(created.Pod.Id)!;

        time.Advance(TimeSpan.FromHours(1));
        var seen = await cloud.GetPodAsync(pod.Id, CancellationToken.None);
        var costNow = cloud.CostSoFar(time.GetUtcNow());
        time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(PodStatus.Exited, seen!.Status);
        Assert.Null(seen.Ssh);
        Assert.False(pod.IsUp(time.GetUtcNow()));
        Assert.Equal(Math.Round(costNow + profile.DiskPerHour, 6), Math.Round(cloud.CostSoFar(time.GetUtcNow()), 6)); // the disk alone after it
    }

    [Fact]
    public async Task Simulate_reads_RUNPOD_SPOT_as_the_service_does()
    {
        var (code, _, error) = await SimulateCommandTests.RunAsync(new Dictionary<string, string?> { ["RUNPOD_SPOT"] = "mixed" }, "simulate", "--hours", "1");
        var (bad, _, rateError) = await SimulateCommandTests.RunAsync("simulate", "--spot-interruptions-per-hour", "-1");
        var (ok, output, _) = await SimulateCommandTests.RunAsync(new Dictionary<string, string?> { ["RUNPOD_SPOT"] = "true", ["RUNPOD_BID_PER_GPU"] = "0.5" },
            "simulate", "--scenario", "steady", "--hours", "1", "--spot-interruptions-per-hour", "1");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("RUNPOD_BID_PER_GPU", error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.BadInput, bad);
        Assert.Contains("--spot-interruptions-per-hour", rateError, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, ok);
        Assert.Matches(@"spot pods / interrupted\s+[1-9]\d*/\d+\s+0/0\s+0/0", output);
    }
}
