using Microsoft.Extensions.Logging;
using Orchestrator.Core.Cycle;
using Orchestrator.Core.Decisions;
using Orchestrator.Core.Domain;
using Orchestrator.Simulation;
using Orchestrator.TestSupport;
using Orchestrator.Core.Options;
using Xunit;

namespace Orchestrator.Tests.Ssh;

/// <summary>
/// The real control cycle with the in-memory store and cloud and the SSH bootstrapper over a real sshd:
/// RUNNING pod → launched worker → heartbeat → active; failures end in error with the reason on the row.
/// </summary>
public sealed class BootstrapCycleTests
{
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private sealed record Rig(ControlCycle Cycle, InMemoryFleetStore Store, InMemoryGpuCloud Cloud, ManualTimeProvider Time);

    private static Rig Build(FakePod pod, CapturedLogs logs)
    {
        var time = new ManualTimeProvider(Start);
        var store = new InMemoryFleetStore(new DemandOptions());
        var cloud = new InMemoryGpuCloud();
        var scaling = new ScalingOptions { MinActive = 1, MaxActive = 1 };
        var health = new HealthOptions();
        var breaker = new BreakerOptions();
        var cycle = new CycleOptions { BootstrapTimeout = TimeSpan.FromSeconds(90) };
        var planner = new CyclePlanner(new ScalingPolicy(scaling), health, breaker, cycle);
        var bootstrapper = pod.Bootstrapper(SshTestSecrets.Create(), logs.Factory(), pins: store);
        var control = new ControlCycle(store, cloud, bootstrapper, planner, new CycleSettings(cycle, health, breaker, scaling), time, logs.Factory().CreateLogger<ControlCycle>());
        return new Rig(control, store, cloud, time);
    }

    /// <summary>Cycle 1 spawns; the pod then runs at the fake pod's sshd.</summary>
    private static async Task<(InMemoryWorker Worker, string PodId)> SpawnRunningAsync(Rig rig, FakePod pod)
    {
        await rig.Cycle.RunOnceAsync(dryRun: false, CancellationToken.None);
        var podInfo = Assert.Single(rig.Cloud.Pods);
        rig.Cloud.SetStatus(podInfo.Id, PodStatus.Running, new SshEndpoint("127.0.0.1", pod.Port));
        rig.Time.Advance(TimeSpan.FromSeconds(30));
        return (Assert.Single(rig.Store.Workers), podInfo.Id);
    }

    [Fact]
    public async Task Running_pod_is_bootstrapped_over_ssh_and_goes_active_on_its_heartbeat()
    {
        await using var pod = await FakePod.StartAsync();
        using var logs = new CapturedLogs();
        var rig = Build(pod, logs);
        var (worker, _) = await SpawnRunningAsync(rig, pod);

        var report = await rig.Cycle.RunOnceAsync(dryRun: false, CancellationToken.None);

        Assert.True(report.Succeeded, report.Error);
        worker = rig.Store.Workers.Single();
        Assert.Equal(WorkerState.Bootstrapping, worker.State);
        Assert.Equal(ReasonCodes.Launched, worker.Reason);
        Assert.NotNull(worker.LaunchedAt);
        Assert.Equal("NVIDIA GeForce RTX 4090", worker.Metadata["gpu_name"]);
        Assert.Equal("550.54.15", worker.Metadata["gpu_driver_version"]);
        Assert.Single(pod.LiveWorkerPids());
        var record = await WorkerLaunchTests.WaitForRecordAsync(pod);
        Assert.Contains(worker.Id, record.GetProperty("argv").EnumerateArray().Select(a => a.GetString()));

        rig.Time.Advance(TimeSpan.FromSeconds(20));
        rig.Store.Heartbeat(worker.Id, rig.Time.GetUtcNow());
        rig.Time.Advance(TimeSpan.FromSeconds(10));
        await rig.Cycle.RunOnceAsync(dryRun: false, CancellationToken.None);

        Assert.Equal(WorkerState.Active, rig.Store.Workers.Single().State);
        Assert.Single(pod.LiveWorkerPids());
    }

    [Fact]
    public async Task Failed_verification_ends_in_error_with_its_reason_and_the_pod_terminated()
    {
        await using var pod = await FakePod.StartAsync(new FakePodSetup { Gpu = GpuMode.Fails });
        using var logs = new CapturedLogs();
        var rig = Build(pod, logs);
        var (_, podId) = await SpawnRunningAsync(rig, pod);

        await rig.Cycle.RunOnceAsync(dryRun: false, CancellationToken.None);

        var worker = rig.Store.Workers.Single();
        Assert.Equal(WorkerState.Error, worker.State);
        Assert.Equal("bootstrap-failed:nvidia-smi-failed", worker.Reason);
        Assert.Contains("nvidia-smi-failed", worker.Metadata["bootstrap_error"], StringComparison.Ordinal);
        Assert.Contains(podId, rig.Cloud.TerminateCalls);
        Assert.Empty(pod.LiveWorkerPids());
    }

    [Fact]
    public async Task Unreachable_pod_is_retried_then_failed_with_ssh_unreachable()
    {
        await using var pod = await FakePod.StartAsync();
        using var logs = new CapturedLogs();
        var rig = Build(pod, logs);
        await rig.Cycle.RunOnceAsync(dryRun: false, CancellationToken.None);
        var podInfo = Assert.Single(rig.Cloud.Pods);
        rig.Cloud.SetStatus(podInfo.Id, PodStatus.Running, new SshEndpoint("127.0.0.1", LoopbackPort.Free()));

        for (var i = 0; i < new HealthOptions().MaxBootstrapAttempts; i++)
        {
            rig.Time.Advance(TimeSpan.FromSeconds(30));
            await rig.Cycle.RunOnceAsync(dryRun: false, CancellationToken.None);
        }

        var worker = rig.Store.Workers.Single(w => w.PodId == podInfo.Id);
        Assert.Equal(WorkerState.Error, worker.State);
        Assert.Equal("bootstrap-failed:ssh-unreachable", worker.Reason);
        Assert.Equal(new HealthOptions().MaxBootstrapAttempts, worker.BootstrapAttempts);
    }

    [Fact]
    public async Task Heartbeating_worker_is_promoted_even_when_ssh_to_its_pod_fails()
    {
        await using var pod = await FakePod.StartAsync();
        using var logs = new CapturedLogs();
        var rig = Build(pod, logs);
        await rig.Cycle.RunOnceAsync(dryRun: false, CancellationToken.None);
        var podInfo = Assert.Single(rig.Cloud.Pods);
        rig.Cloud.SetStatus(podInfo.Id, PodStatus.Running, new SshEndpoint("127.0.0.1", LoopbackPort.Free()));
        rig.Time.Advance(TimeSpan.FromSeconds(30));
        rig.Store.Heartbeat(rig.Store.Workers.Single().Id, rig.Time.GetUtcNow());

        await rig.Cycle.RunOnceAsync(dryRun: false, CancellationToken.None);

        Assert.Equal(WorkerState.Active, rig.Store.Workers.Single().State);
        Assert.Empty(rig.Cloud.TerminateCalls);
    }
}
