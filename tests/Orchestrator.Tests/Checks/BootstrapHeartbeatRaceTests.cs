using Orchestrator.Core.Domain;
using Orchestrator.Core.Ports;
using Orchestrator.Tests.Cycle;
using Xunit;

namespace Orchestrator.Tests.Checks;

/// <summary>
/// Issue #4: "An SSH failure against a worker that heartbeats is never by itself a reason to kill it."
/// The worker's first heartbeat lands while its bootstrap is in flight, then the bootstrap fails.
/// </summary>
public sealed class BootstrapHeartbeatRaceTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Issue_4_a_worker_that_heartbeats_during_a_failing_bootstrap_is_promoted_not_killed(bool retryable)
    {
        var h = new CycleHarness(min: 1);
        await h.CycleAsync();
        var worker = h.Store.Workers.Single();
        h.Bootstrapper.Script(worker.Id, BootstrapOutcome.Failed("ssh-unreachable", "connection reset", retryable));
        h.Bootstrapper.WhileBootstrapping = target => h.Store.Heartbeat(target.WorkerId, h.Now);
        h.RunAllPods();
        h.Advance(TimeSpan.FromSeconds(30));

        await h.CycleAsync();

        Assert.Single(h.Bootstrapper.Calls);
        Assert.Equal(WorkerState.Spawning, h.Worker(worker.Id).State);
        Assert.Equal(0, h.Worker(worker.Id).BootstrapAttempts);
        Assert.Empty(h.Cloud.TerminateCalls);

        h.Bootstrapper.WhileBootstrapping = null;
        h.Advance(TimeSpan.FromSeconds(30));
        await h.CycleAsync();

        Assert.Equal(WorkerState.Active, h.Worker(worker.Id).State);
        Assert.Equal(ReasonCodes.FirstHeartbeat, h.Worker(worker.Id).Reason);
        Assert.Single(h.Bootstrapper.Calls);
        Assert.Empty(h.Cloud.TerminateCalls);
        Assert.DoesNotContain(h.Worker(worker.Id).Outcomes, o => o.Kind == OutcomeKind.BootFailed);
    }

    [Fact]
    public async Task Without_a_heartbeat_the_failed_bootstrap_still_fails_the_worker()
    {
        var h = new CycleHarness(min: 1);
        await h.CycleAsync();
        var worker = h.Store.Workers.Single();
        h.Bootstrapper.Script(worker.Id, BootstrapOutcome.Failed("ssh-unreachable", "connection reset", retryable: false));
        h.RunAllPods();
        h.Advance(TimeSpan.FromSeconds(30));

        await h.CycleAsync();

        Assert.Equal(WorkerState.Error, h.Worker(worker.Id).State);
        Assert.Contains(worker.PodId!, h.Cloud.TerminateCalls);
    }
}
