using Orchestrator.Core.Ports;
using Orchestrator.Tests.RunPod;
using Xunit;

namespace Orchestrator.Tests.Reliability;

/// <summary>
/// Issue 15 item 1, fourth round: at 50 % faults half of the terminates failed (a 503, a lost answer, a hang) and were only
/// re-sent by a later cycle, so idle pods outlived their idle timeout, kept billing and took the next burst's tasks. A
/// terminate is idempotent (a pod already gone answers "not found", which is success), so it is now retried and hedged
/// inside its call, in both dialects. Creates are not: they still go out once per name (see <see cref="RunPodDegradeTests"/>).
/// </summary>
public sealed class RunPodTerminateRetryTests
{
    private const string Name = "gpu-20260104_170000-00000001";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_terminate_answered_503_then_200_succeeds_within_one_call(bool rest)
    {
        await using var h = await RunPodHarness.StartAsync(rest);
        var cloud = h.NewCloud();
        var pod = h.Fake.AddPod(Name);
        h.Fake.Fail(new FakeFault(FakeFaultKind.ServerError, "terminate"));

        Assert.Equal(TerminateOutcome.Requested, await cloud.TerminatePodAsync(pod.Id, default));
        Assert.Equal(2, h.Fake.Requests.Count(r => r.Operation == "terminate"));
        Assert.DoesNotContain(h.Fake.LivePods, p => p.Id == pod.Id);
    }

    /// <summary>RunPod terminated the pod but the answer was lost: the retry finds it gone ("not found"), which is success.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_terminate_whose_answer_was_lost_is_retried_and_the_pod_already_gone_is_success(bool rest)
    {
        await using var h = await RunPodHarness.StartAsync(rest);
        var cloud = h.NewCloud();
        var pod = h.Fake.AddPod(Name);
        h.Fake.Fail(new FakeFault(FakeFaultKind.LoseAnswer, "terminate"));

        Assert.Equal(TerminateOutcome.AlreadyGone, await cloud.TerminatePodAsync(pod.Id, default));
        Assert.Equal(2, h.Fake.Requests.Count(r => r.Operation == "terminate"));
        Assert.DoesNotContain(h.Fake.LivePods, p => p.Id == pod.Id);
    }

    /// <summary>A hung terminate no longer waits out its attempt timeout: a second one goes beside it and answers.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_hung_terminate_is_answered_by_a_hedged_attempt_beside_it(bool rest)
    {
        await using var h = await RunPodHarness.StartAsync(rest);
        // No retry, and an attempt timeout far past the hedge delay (a cold first request must not lose the race to it).
        var cloud = h.NewCloud(o => (o.ReadRetries, o.ReadHedgeDelay, o.ReadTimeout, o.MutationTimeout) =
            (0, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(30)));
        var pod = h.Fake.AddPod(Name);
        h.Fake.TimeoutDelay = TimeSpan.FromMinutes(1);
        h.Fake.Fail(new FakeFault(FakeFaultKind.Timeout, "terminate")); // hangs: alone, this terminate would time out

        Assert.Equal(TerminateOutcome.Requested, await cloud.TerminatePodAsync(pod.Id, default));
        Assert.Equal(2, h.Fake.Requests.Count(r => r.Operation == "terminate"));
        Assert.Contains(h.Logs.Lines, l => l.EventId == 3024 && l.Text.Contains("Call=terminate", StringComparison.Ordinal));
        Assert.DoesNotContain(h.Fake.LivePods, p => p.Id == pod.Id);
    }

    /// <summary>Retries are bounded: a terminate that keeps failing still ends as a transient failure for the next cycle to retry.</summary>
    [Fact]
    public async Task A_terminate_that_keeps_failing_ends_as_a_transient_failure_after_its_retries()
    {
        await using var h = await RunPodHarness.StartAsync(rest: false);
        var cloud = h.NewCloud(o => o.ReadRetries = 2);
        var pod = h.Fake.AddPod(Name);
        for (var i = 0; i < 3; i++)
        {
            h.Fake.Fail(new FakeFault(FakeFaultKind.ServerError, "terminate"));
        }

        var failed = await Assert.ThrowsAsync<CloudException>(() => cloud.TerminatePodAsync(pod.Id, default));
        Assert.Equal(ErrorKind.Transient, failed.Kind);
        Assert.Equal(3, h.Fake.Requests.Count(r => r.Operation == "terminate"));
        Assert.Contains(h.Fake.LivePods, p => p.Id == pod.Id);
    }
}
