using Orchestrator.Core.Domain;
using Orchestrator.Core.Options;
using Orchestrator.Tests.RunPod;
using Xunit;

namespace Orchestrator.Tests.Hostile;

/// <summary>
/// Issue 15 item 7: pods on the same RunPod account that are not ours (another prefix, a look-alike name) are never
/// touched, whatever their status; a pod with our prefix and no worker row is an orphan, terminated only after
/// ORPHAN_POD_GRACE_SEC, as the orphan rule says.
/// </summary>
public sealed class ForeignPodTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Pods_that_are_not_ours_are_never_terminated_and_our_orphan_goes_only_after_the_grace(bool rest)
    {
        await using var h = await RunPodHarness.StartAsync(rest);
        var foreign = new[]
        {
            h.Fake.AddPod("team-b-20260104_160000-aaaaaaaa"),
            h.Fake.AddPod("GPU-20260104_160000-bbbbbbbb"),
            h.Fake.AddPod("gpu_20260104_160000-cccccccc"),
            h.Fake.AddPod("xgpu-20260104_160000-dddddddd"),
            h.Fake.AddPod("gpu"),
            h.Fake.AddPod(""),
            h.Fake.AddPod("team-b-dead", "DEAD"),
            h.Fake.AddPod("team-b-weird", "SUSPENDED_BY_MARS"),
        };
        var orphan = h.Fake.AddPod($"gpu-{h.Clock.GetUtcNow():yyyyMMdd_HHmmss}-0000beef");
        var store = RunPodCycleTests.Store(h, tasks: 0);
        var health = new HealthOptions { OrphanPodGrace = TimeSpan.FromMinutes(2) };
        var cycle = RunPodCycleTests.NewCycle(h, store, health);

        for (var minute = 0; minute <= 10; minute++)
        {
            var report = await cycle.RunOnceAsync(false, default);
            Assert.True(report.Succeeded, report.Error);
            if (minute < 2)
            {
                Assert.Contains(h.Fake.LivePods, p => p.Id == orphan.Id);
            }
            h.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.DoesNotContain(h.Fake.LivePods, p => p.Id == orphan.Id);
        Assert.Contains(store.Events, e => e.Kind == "terminate" && e.Reason == ReasonCodes.OrphanPod);
        Assert.All(foreign, pod => Assert.Contains(h.Fake.LivePods, p => p.Id == pod.Id));
        Assert.DoesNotContain(h.Fake.Requests, r => r.Operation is "terminate" or "stop" && foreign.Any(p => r.Body.Contains(p.Id, StringComparison.Ordinal) || r.PathAndQuery.Contains(p.Id, StringComparison.Ordinal)));
        Assert.DoesNotContain(h.Fake.Requests, r => r.Operation == "create");
    }
}
