using Orchestrator.Core.Domain;
using Xunit;

namespace Orchestrator.Tests.Cycle;

/// <summary>
/// Issue 15 item 1, third round: a create or terminate hanging on the wire held its cycle for the whole mutation
/// timeout (15 s), and a slow cycle is a cycle nobody runs. Now the cycle waits about a second for a mutation, then
/// leaves it in flight; it ends on its own, records its outcome, and is waited for at shutdown.
/// </summary>
public sealed class MutationsInFlightTests
{
    [Fact]
    public async Task A_hanging_terminate_holds_neither_the_cycles_creates_nor_its_end()
    {
        var h = new CycleHarness(min: 2);
        var dead = h.Cloud.AddForeignPod(WorkerIds.New(h.Cycle.WorkerPrefix, h.Now, new Random(1)), PodStatus.Exited);
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Cloud.HoldTerminates = hold;

        var first = await h.CycleAsync();
        Assert.Equal(2, first.Spawned);
        Assert.Equal(0, first.Terminated);
        Assert.Equal([dead.Id], h.Cloud.TerminateCalls);
        Assert.Equal(1, h.Control.InFlight.Left);

        h.Advance(TimeSpan.FromSeconds(1));
        await h.CycleAsync(); // the pod is still listed and its terminate hangs: one more goes beside it
        Assert.Equal([dead.Id, dead.Id], h.Cloud.TerminateCalls);
        h.Advance(TimeSpan.FromSeconds(1));
        await h.CycleAsync(); // two on the wire: no third
        Assert.Equal([dead.Id, dead.Id], h.Cloud.TerminateCalls);
        Assert.Equal(2, h.Control.InFlight.Left);

        hold.SetResult();
        await h.Control.DrainAsync(CancellationToken.None);
        Assert.Equal(0, h.Control.InFlight.Left);
        Assert.DoesNotContain(h.Cloud.Pods, p => p.Id == dead.Id);
        Assert.Contains(h.Store.Events, e => e.Kind == "terminate" && e.CycleId == first.CycleId && e.DetailsJson!.Contains(dead.Id, StringComparison.Ordinal));
        h.AssertNoLeakedPods();
    }

    [Fact]
    public async Task A_create_still_in_flight_is_not_settled_by_the_next_cycle_and_records_its_end()
    {
        var h = new CycleHarness(min: 1);
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Cloud.HoldCreates = hold;
        h.Cloud.FailNextCreate = true; // when it is let go, it ends without a pod

        var first = await h.CycleAsync();
        Assert.Equal(0, first.Spawned);
        var worker = Assert.Single(h.Store.Workers);
        Assert.Equal(WorkerState.Requested, worker.State);

        h.Advance(h.Health.CreateConfirmTimeout + TimeSpan.FromSeconds(1)); // even past the confirm timeout
        var second = await h.CycleAsync();
        Assert.Equal(WorkerState.Requested, h.Worker(worker.Id).State); // not settled while its create runs
        Assert.Equal(0, second.Spawned); // and it counts as capacity: no second create
        Assert.Equal(1, h.Cloud.CreateCalls);

        h.Cloud.HoldCreates = null;
        hold.SetResult();
        await h.Control.DrainAsync(CancellationToken.None);
        Assert.Equal(ReasonCodes.CreateUnresolved, h.Worker(worker.Id).Reason); // the create recorded how it ended
        Assert.Contains(h.Store.Events, e => e.Kind == "spawn-failed" && e.WorkerId == worker.Id);

        h.Advance(TimeSpan.FromSeconds(1));
        var third = await h.CycleAsync(); // a listing taken after it ended settles it, and a replacement is created
        Assert.Equal(WorkerState.Terminated, h.Worker(worker.Id).State);
        Assert.Equal(1, third.Spawned);
        h.AssertNoLeakedPods();
    }

    [Fact]
    public async Task A_create_that_answers_after_its_cycle_ended_stores_its_pod_and_is_counted_late()
    {
        var h = new CycleHarness(min: 1);
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Cloud.HoldCreates = hold;
        var first = await h.CycleAsync();
        Assert.Equal(0, first.Spawned);

        hold.SetResult();
        await h.Control.DrainAsync(CancellationToken.None);
        var worker = Assert.Single(h.Store.Workers);
        Assert.Equal(WorkerState.Spawning, worker.State);
        Assert.Equal(h.Cloud.Pods.Single().Id, worker.PodId);
        Assert.Contains(h.Store.Events, e => e.Kind == "spawn" && e.CycleId == first.CycleId && e.WorkerId == worker.Id);

        h.Advance(TimeSpan.FromSeconds(1));
        var second = await h.CycleAsync();
        Assert.Equal(0, second.Spawned);
        Assert.Equal(1, h.Cloud.CreateCalls);
        Assert.All(h.Cloud.Pods.GroupBy(p => p.Name), g => Assert.Single(g));
        h.AssertNoLeakedPods();
    }
}
