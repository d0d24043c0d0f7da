using Microsoft.Extensions.Logging;
using Orchestrator.Cli;
using Orchestrator.Core.Cycle;
using Orchestrator.Core.Decisions;
using Orchestrator.Core.Domain;
using Orchestrator.Simulation;
using Orchestrator.TestSupport;
using Orchestrator.Core.Options;
using Orchestrator.Core.Ports;
using Xunit;

namespace Orchestrator.Tests.Ssh;

/// <summary>
/// Burst scale-up through the real cycle: creates in parallel under SPAWN_PARALLELISM, a refusal stops the creates not yet
/// sent, and each new pod is bootstrapped over the real sshd in the cycle that created it, on one connection per pod.
/// </summary>
public sealed class BurstSpawnTests
{
    private sealed record Rig(ControlCycle Cycle, InMemoryFleetStore Store, IGpuCloud Cloud);

    private static Rig Build(IGpuCloud cloud, IWorkerBootstrapper bootstrapper, InMemoryFleetStore store, int pods, CycleOptions cycle, ILoggerFactory logs)
    {
        var scaling = new ScalingOptions { MinActive = pods, MaxActive = pods, MaxSpawnsPerCycle = pods };
        var (health, breaker) = (new HealthOptions(), new BreakerOptions());
        var planner = new CyclePlanner(new ScalingPolicy(scaling), health, breaker, cycle);
        return new Rig(new ControlCycle(store, cloud, bootstrapper, planner, new CycleSettings(cycle, health, breaker, scaling), TimeProvider.System,
            logs.CreateLogger<ControlCycle>()), store, cloud);
    }

    [Fact]
    public async Task Creates_run_side_by_side_up_to_the_bound_and_every_pod_is_created()
    {
        using var logs = new CapturedLogs();
        var cloud = new SlowCreateCloud(new InMemoryGpuCloud(), TimeSpan.FromMilliseconds(200));
        var rig = Build(cloud, new ScriptedBootstrapper(), new InMemoryFleetStore(new DemandOptions()), 10, new CycleOptions { SpawnParallelism = 3 }, logs.Factory());

        var report = await rig.Cycle.RunOnceAsync(dryRun: false, CancellationToken.None);

        Assert.Equal(10, report.Spawned);
        Assert.Equal(3, cloud.PeakInFlight);
        Assert.All(rig.Store.Workers, w => Assert.Equal(WorkerState.Spawning, w.State));
    }

    [Fact]
    public async Task Capacity_miss_stops_the_creates_not_yet_sent()
    {
        using var logs = new CapturedLogs();
        var inner = new InMemoryGpuCloud { HasCapacity = false };
        var cloud = new SlowCreateCloud(inner, TimeSpan.FromMilliseconds(50));
        var rig = Build(cloud, new ScriptedBootstrapper(), new InMemoryFleetStore(new DemandOptions()), 10, new CycleOptions { SpawnParallelism = 2 }, logs.Factory());

        var report = await rig.Cycle.RunOnceAsync(dryRun: false, CancellationToken.None);

        Assert.Equal(0, report.Spawned);
        Assert.InRange(cloud.Calls, 1, 2);
        Assert.All(rig.Store.Workers, w => Assert.Equal(WorkerState.Terminated, w.State));
    }

    [Fact]
    public async Task Burst_is_bootstrapped_in_the_cycle_that_created_it_with_one_connection_per_pod()
    {
        await using var pod = await FakePod.StartAsync();
        using var logs = new CapturedLogs();
        var store = new InMemoryFleetStore(new DemandOptions());
        var cloud = new BootingCloud(new InMemoryGpuCloud(), new SshEndpoint("127.0.0.1", pod.Port), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));
        using var shell = pod.Shell(logs.Factory(), pins: store);
        var cycle = new CycleOptions { PodReadyWait = TimeSpan.FromMinutes(3), PodReadyPoll = TimeSpan.FromMilliseconds(200), BootstrapTimeout = TimeSpan.FromMinutes(2) };
        var rig = Build(cloud, pod.Bootstrapper(shell, SshTestSecrets.Create(), logs.Factory()), store, 5, cycle, logs.Factory());

        var report = await rig.Cycle.RunOnceAsync(dryRun: false, CancellationToken.None);

        Assert.Equal(5, report.Spawned);
        Assert.All(store.Workers, w =>
        {
            Assert.Equal(WorkerState.Bootstrapping, w.State);
            Assert.Equal(ReasonCodes.Launched, w.Reason);
            Assert.Equal(1, shell.Connections.For(w.PodId!));
            Assert.Equal(pod.HostKeyFingerprint, w.HostKeySha256);
        });
        Assert.Equal(5, pod.AcceptedConnections);
        Assert.Equal(5, report.Events.Count(e => e.Kind == "bootstrap" && e.Reason == "launched"));
    }

    [Fact]
    public async Task Pod_not_running_when_the_wait_ends_is_left_spawning_for_a_later_cycle()
    {
        using var logs = new CapturedLogs();
        var bootstrapper = new ScriptedBootstrapper();
        var cycle = new CycleOptions { PodReadyWait = TimeSpan.FromSeconds(1), PodReadyPoll = TimeSpan.FromMilliseconds(100) };
        var rig = Build(new InMemoryGpuCloud(), bootstrapper, new InMemoryFleetStore(new DemandOptions()), 2, cycle, logs.Factory());

        var report = await rig.Cycle.RunOnceAsync(dryRun: false, CancellationToken.None);

        Assert.Equal(2, report.Spawned);
        Assert.Empty(bootstrapper.Calls);
        Assert.All(rig.Store.Workers, w => Assert.Equal(WorkerState.Spawning, w.State));
    }
}
