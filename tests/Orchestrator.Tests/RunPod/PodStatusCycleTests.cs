using Orchestrator.Core.Cycle;
using Orchestrator.Core.Domain;
using Orchestrator.Simulation;
using Orchestrator.TestSupport;
using Orchestrator.Core.Options;
using Xunit;

namespace Orchestrator.Tests.RunPod;

/// <summary>
/// Issue 13: a pod that will not run again (v2 ERROR, GraphQL DEAD, EXITED/PAUSED, a status word this build
/// does not know) is terminated, the termination is confirmed by a later read, and only then is the busy
/// worker's task requeued, audited with a reason that names the status. Before, ERROR read as gone (never
/// terminated: it billed on) and DEAD as alive (its task never requeued).
/// </summary>
public sealed class PodStatusCycleTests
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(true, "ERROR")]
    [InlineData(true, "EXITED")]
    [InlineData(true, "HIBERNATING")]
    [InlineData(false, "DEAD")]
    [InlineData(false, "EXITED")]
    [InlineData(false, "PAUSED")]
    [InlineData(false, "HIBERNATING")]
    public async Task A_busy_workers_pod_that_dies_is_terminated_then_its_task_requeued(bool rest, string status)
    {
        await using var h = await RunPodHarness.StartAsync(rest);
        var store = RunPodCycleTests.Store(h, tasks: 1);
        // A diagnostic grace applies to live pods only: a dead one is terminated at once.
        var cycle = RunPodCycleTests.NewCycle(h, store, new HealthOptions { ErrorCleanupGrace = TimeSpan.FromMinutes(10) });
        var (worker, pod, task) = await BringActiveAsync(h, store, cycle);

        h.Fake.SetStatus(pod.Id, status);
        h.Clock.Advance(Poll);
        store.Heartbeat(worker, h.Clock.GetUtcNow());
        await cycle.RunOnceAsync(false, default);

        var reason = $"{ReasonCodes.PodDead}:{status.ToLowerInvariant()}";
        Assert.DoesNotContain(h.Fake.LivePods, p => p.Id == pod.Id);
        Assert.Contains(store.Events, e => e.Kind == "terminate" && e.WorkerId == worker && e.Reason == reason);
        Assert.Equal(WorkerState.Error, store.Workers.Single(w => w.Id == worker).State);
        Assert.Equal(TaskStatuses.InProgress, store.Tasks.Single(t => t.Id == task).Status); // not before the pod is seen gone

        h.Clock.Advance(Poll);
        await cycle.RunOnceAsync(false, default);

        var settled = store.Workers.Single(w => w.Id == worker);
        Assert.Equal(WorkerState.Terminated, settled.State);
        Assert.Equal(reason, settled.Reason);
        Assert.Contains(store.Events, e => e.Kind == "requeue" && e.WorkerId == worker && e.Reason == reason);
        Assert.NotEqual(worker, store.Tasks.Single(t => t.Id == task).WorkerId);
        h.AssertNoSecretsLeaked();
    }

    [Theory]
    [InlineData(true, "ERROR")]
    [InlineData(false, "DEAD")]
    public async Task A_dead_pod_no_worker_owns_is_terminated_without_waiting_for_the_orphan_grace(bool rest, string status)
    {
        await using var h = await RunPodHarness.StartAsync(rest);
        var store = RunPodCycleTests.Store(h, tasks: 0);
        var dead = h.Fake.AddPod("gpu-20260104_165959-0badf00d", status);
        var young = h.Fake.AddPod("gpu-20260104_165959-0000beef");

        await RunPodCycleTests.NewCycle(h, store).RunOnceAsync(false, default);

        Assert.DoesNotContain(h.Fake.LivePods, p => p.Id == dead.Id);
        Assert.Contains(h.Fake.LivePods, p => p.Id == young.Id);
        Assert.Contains(store.Events, e => e.Kind == "terminate" && e.Reason == $"{ReasonCodes.OrphanPod}:{ReasonCodes.PodDead}:{status.ToLowerInvariant()}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_unknown_status_is_logged_once_per_value(bool rest)
    {
        await using var h = await RunPodHarness.StartAsync(rest);
        h.Fake.AddPod("gpu-20260104_160000-aaaaaaaa", "HIBERNATING");
        h.Fake.AddPod("gpu-20260104_160000-bbbbbbbb", "HIBERNATING");
        var frozen = h.Fake.AddPod("gpu-20260104_160000-cccccccc", "FROZEN");
        var cloud = h.NewCloud();

        var first = await cloud.ListPodsAsync(default);
        await cloud.ListPodsAsync(default);
        await cloud.GetPodAsync(frozen.Id, default);

        Assert.All(first, p => Assert.True(p.Status == PodStatus.Unknown && p.IsDead && !p.IsGone));
        var lines = h.Logs.Lines.Where(l => l.EventId == 3014).Select(l => l.Text).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Single(lines, l => l.Contains("Status=HIBERNATING", StringComparison.Ordinal));
        Assert.Single(lines, l => l.Contains("Status=FROZEN", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_pod_placed_without_a_public_ip_is_replaced_after_the_ssh_endpoint_wait(bool rest)
    {
        await using var h = await RunPodHarness.StartAsync(rest);
        h.Fake.WithoutPublicIp = true;
        var store = RunPodCycleTests.Store(h, tasks: 1);
        var health = new HealthOptions { SshEndpointTimeout = TimeSpan.FromMinutes(3), BootTimeout = TimeSpan.FromMinutes(30) };
        var bootstrapper = new ScriptedBootstrapper();
        var cycle = RunPodCycleTests.NewCycle(h, store, health, bootstrapper);
        await cycle.RunOnceAsync(false, default);
        var first = Assert.Single(h.Fake.LivePods);

        h.Clock.Advance(h.Fake.BootDelay + TimeSpan.FromMinutes(2));
        await cycle.RunOnceAsync(false, default);
        Assert.Equal(WorkerState.Spawning, store.Workers.Single(w => w.Id == first.Name).State); // running, no endpoint yet: waits

        h.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(5));
        await cycle.RunOnceAsync(false, default);

        var failed = store.Workers.Single(w => w.Id == first.Name);
        Assert.StartsWith($"{ReasonCodes.NoSshEndpoint}:", failed.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(h.Fake.LivePods, p => p.Id == first.Id);
        Assert.Empty(bootstrapper.Calls);
        h.Fake.WithoutPublicIp = false;
        for (var i = 0; i < 2; i++)
        {
            h.Clock.Advance(Poll);
            await cycle.RunOnceAsync(false, default);
        }
        Assert.Contains(h.Fake.LivePods, p => p.Id != first.Id); // the task got a replacement pod
    }

    /// <summary>Spawn, boot, launch (scripted), heartbeat and claim: one active worker holding one task.</summary>
    private static async Task<(string Worker, FakePod Pod, Guid Task)> BringActiveAsync(RunPodHarness h, InMemoryFleetStore store, ControlCycle cycle)
    {
        await cycle.RunOnceAsync(false, default);
        var pod = Assert.Single(h.Fake.LivePods);
        h.Clock.Advance(h.Fake.BootDelay + TimeSpan.FromSeconds(5));
        await cycle.RunOnceAsync(false, default);
        Assert.Equal(WorkerState.Bootstrapping, store.Workers.Single(w => w.Id == pod.Name).State);
        h.Clock.Advance(TimeSpan.FromSeconds(10));
        store.Heartbeat(pod.Name, h.Clock.GetUtcNow());
        var task = store.ClaimNext(pod.Name, h.Clock.GetUtcNow())!;
        await cycle.RunOnceAsync(false, default);
        Assert.Equal(WorkerState.Active, store.Workers.Single(w => w.Id == pod.Name).State);
        return (pod.Name, pod, task.Id);
    }
}
