using Microsoft.Extensions.Logging;
using Orchestrator.Core.Cycle;
using Orchestrator.Core.Decisions;
using Orchestrator.Core.Domain;
using Orchestrator.Simulation;
using Orchestrator.TestSupport;
using Orchestrator.Core.Options;
using Orchestrator.Tests.Ssh;
using Xunit;
using SshPod = Orchestrator.Tests.Ssh.FakePod;

namespace Orchestrator.Tests.RunPod;

/// <summary>
/// Issue 13: the whole chain in either dialect, nothing mocked but RunPod: the real control cycle and adapter
/// against the strict fake (REST v2 bodies validated against the contract), the real SSH bootstrapper against
/// the loopback sshd the fake pod publishes: create → boot → SSH verify → launch → heartbeat → work → idle → terminate.
/// </summary>
public sealed class EndToEndTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_task_gets_a_pod_a_launched_worker_and_the_pod_goes_when_idle(bool rest)
    {
        await using var sshd = await SshPod.StartAsync();
        await using var h = await RunPodHarness.StartAsync(rest);
        using var logs = new CapturedLogs();
        h.Fake.SshPort = sshd.Port;
        var store = new InMemoryFleetStore(new DemandOptions());
        var taskId = store.AddTask("travel_segment", h.Clock.GetUtcNow() - TimeSpan.FromMinutes(1));
        var cycle = Cycle(h, store, sshd.Bootstrapper(SshTestSecrets.Create(), logs.Factory()));

        await RunAsync(h, cycle, TimeSpan.Zero);
        var pod = Assert.Single(h.Fake.LivePods);
        var worker = pod.Name;
        Assert.Equal(WorkerState.Spawning, State(store, worker));

        await RunAsync(h, cycle, h.Fake.BootDelay + TimeSpan.FromSeconds(5));
        Assert.Equal(WorkerState.Bootstrapping, State(store, worker));
        Assert.Single(sshd.LiveWorkerPids());
        var launched = await WorkerLaunchTests.WaitForRecordAsync(sshd);
        Assert.Contains(worker, launched.GetProperty("argv").EnumerateArray().Select(a => a.GetString()));

        h.Clock.Advance(TimeSpan.FromSeconds(10));
        store.Heartbeat(worker, h.Clock.GetUtcNow());
        Assert.Equal(taskId, store.ClaimNext(worker, h.Clock.GetUtcNow())!.Id);
        await RunAsync(h, cycle, TimeSpan.FromSeconds(5));
        Assert.Equal(WorkerState.Active, State(store, worker));

        h.Clock.Advance(TimeSpan.FromSeconds(20));
        Assert.True(store.Complete(taskId, worker, h.Clock.GetUtcNow()));
        for (var i = 0; i < 8 && State(store, worker) != WorkerState.Terminated; i++)
        {
            store.Heartbeat(worker, h.Clock.GetUtcNow());
            await RunAsync(h, cycle, TimeSpan.FromSeconds(30));
        }

        Assert.Equal(WorkerState.Terminated, State(store, worker));
        Assert.Equal(ReasonCodes.IdleTimeout, store.Workers.Single(w => w.Id == worker).Reason);
        Assert.Empty(h.Fake.LivePods);
        Assert.Single(h.Fake.Requests, r => r.Operation == "create");
        Assert.Contains(h.Fake.Requests, r => r.Operation == "terminate");
        Assert.Equal(TaskStatuses.Complete, store.Tasks.Single().Status);
        h.AssertNoSecretsLeaked();
    }

    private static async Task RunAsync(RunPodHarness h, ControlCycle cycle, TimeSpan advance)
    {
        h.Clock.Advance(advance);
        var report = await cycle.RunOnceAsync(false, default);
        Assert.True(report.Succeeded, report.Error);
    }

    private static WorkerState State(InMemoryFleetStore store, string worker) => store.Workers.Single(w => w.Id == worker).State;

    private static ControlCycle Cycle(RunPodHarness h, InMemoryFleetStore store, Core.Ports.IWorkerBootstrapper bootstrapper)
    {
        var scaling = new ScalingOptions { MinActive = 0, MaxActive = 1, MaxSpawnsPerCycle = 1, IdleTimeout = TimeSpan.FromSeconds(90) };
        var health = new HealthOptions();
        var breaker = new BreakerOptions();
        var options = new CycleOptions { WorkerPrefix = "gpu-", BootstrapTimeout = TimeSpan.FromSeconds(90) };
        var planner = new CyclePlanner(new ScalingPolicy(scaling), health, breaker, options);
        return new ControlCycle(store, h.NewCloud(), bootstrapper, planner, new CycleSettings(options, health, breaker, scaling), h.Clock,
            h.Loggers.CreateLogger<ControlCycle>());
    }
}
