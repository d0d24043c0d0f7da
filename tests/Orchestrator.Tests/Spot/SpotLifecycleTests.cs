using Orchestrator.Core.Decisions;
using Orchestrator.Core.Domain;
using Orchestrator.Core.Options;
using Orchestrator.Tests.RunPod;
using Orchestrator.Tests.Store;
using Xunit;

namespace Orchestrator.Tests.Spot;

/// <summary>
/// Issue 16's "interruption → requeue → replacement" in the real control cycle, against the fake RunPod (GraphQL) and the
/// throwaway PostgreSQL with Reigh's schema and every migration: the worker claims a task through Reigh's function, RunPod
/// takes the spot pod back, the task returns to the queue with its attempts unchanged and a new pod is rented for it.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SpotLifecycleTests(PostgresFixture postgres) : IAsyncLifetime
{
    private StoreTestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await postgres.CreateDatabaseAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task An_interrupted_spot_worker_requeues_its_task_without_an_attempt_and_is_replaced()
    {
        await using var h = await RunPodHarness.StartAsync(rest: false);
        h.Clock.SetUtcNow(DateTimeOffset.UtcNow); // the database stamps claims and heartbeats with its own now()
        var project = await _db.AddUserAsync();
        var task = await _db.AddTaskAsync(project, "travel_segment", h.Clock.GetUtcNow().AddMinutes(-1));
        var cycle = SpotRig.Cycle(h, _db.CreateStore(), new SpotOptions { Mode = SpotMode.Always });

        await cycle.RunOnceAsync(false, default);                     // a spot pod for the task
        var pod = Assert.Single(h.Fake.LivePods);
        await SpotRig.StepAsync(h, cycle, h.Fake.BootDelay);          // it runs: bootstrapped
        await _db.HeartbeatAsync(pod.Name);
        Assert.Equal(task, await _db.ClaimAsync(pod.Name));
        await SpotRig.StepAsync(h, cycle);                            // first heartbeat: active, working
        Assert.Equal("active", await State(pod.Name));

        h.Fake.Interrupt(pod.Id);
        var interrupted = await SpotRig.StepAsync(h, cycle);          // spot-interrupted: error, pod terminated
        await SpotRig.StepAsync(h, cycle);                            // pod gone: the task goes back to the queue
        await SpotRig.StepAsync(h, cycle);                            // the queued task gets a new pod

        Assert.True(pod.Terminated);
        Assert.Equal(BreakerStatus.Closed, interrupted.Plan!.Breaker.Status);
        Assert.Equal("terminated|spot-interrupted|true|false", await _db.ScalarAsync<string>(
            "SELECT state || '|' || reason || '|' || (interrupted_at IS NOT NULL) || '|' || (failed_at IS NOT NULL) FROM orchestrator_workers WHERE worker_id = $1", pod.Name));
        Assert.Equal("true", await _db.ScalarAsync<string>("SELECT metadata ->> 'spot' FROM workers WHERE id = $1", pod.Name));
        Assert.Equal("0|", await _db.ScalarAsync<string>(
            "SELECT attempts || '|' || coalesce(worker_id, '') FROM tasks WHERE id = $1", task));
        Assert.Contains("not counted", await _db.ScalarAsync<string>("SELECT error_message FROM tasks WHERE id = $1", task), StringComparison.Ordinal);
        Assert.Equal(1L, await _db.ScalarAsync<long>(
            "SELECT count(*) FROM orchestrator_events WHERE worker_id = $1 AND kind = 'requeue' AND reason = 'spot-interrupted'", pod.Name));
        var replacement = Assert.Single(h.Fake.LivePods);
        Assert.NotEqual(pod.Name, replacement.Name);
        Assert.True(replacement.Interruptible);
        Assert.Equal("spawning", await State(replacement.Name));
        h.AssertNoSecretsLeaked();
    }

    [Fact]
    public async Task A_crashed_on_demand_pod_still_spends_an_attempt_and_counts_for_the_breaker()
    {
        await using var h = await RunPodHarness.StartAsync(rest: false);
        h.Clock.SetUtcNow(DateTimeOffset.UtcNow);
        var project = await _db.AddUserAsync();
        var task = await _db.AddTaskAsync(project, "travel_segment", h.Clock.GetUtcNow().AddMinutes(-1));
        var cycle = SpotRig.Cycle(h, _db.CreateStore(), new SpotOptions { Mode = SpotMode.Mixed }, minActive: 1);

        await cycle.RunOnceAsync(false, default);                     // the floor: on demand
        var pod = Assert.Single(h.Fake.LivePods);
        Assert.False(pod.Interruptible);
        await SpotRig.StepAsync(h, cycle, h.Fake.BootDelay);
        await _db.HeartbeatAsync(pod.Name);
        Assert.Equal(task, await _db.ClaimAsync(pod.Name));
        await SpotRig.StepAsync(h, cycle);
        h.Fake.SetStatus(pod.Id, "EXITED");                           // an on-demand pod that exits crashed
        await SpotRig.StepAsync(h, cycle);
        await SpotRig.StepAsync(h, cycle);

        Assert.Equal("terminated|pod-dead:exited|false|true", await _db.ScalarAsync<string>(
            "SELECT state || '|' || reason || '|' || (interrupted_at IS NOT NULL) || '|' || (failed_at IS NOT NULL) FROM orchestrator_workers WHERE worker_id = $1", pod.Name));
        Assert.Equal(1, await _db.ScalarAsync<int>("SELECT attempts FROM tasks WHERE id = $1", task));
        Assert.Equal("false", await _db.ScalarAsync<string>("SELECT metadata ->> 'spot' FROM workers WHERE id = $1", pod.Name));
    }

    private Task<string> State(string workerId) =>
        _db.ScalarAsync<string>("SELECT state FROM orchestrator_workers WHERE worker_id = $1", workerId);
}
