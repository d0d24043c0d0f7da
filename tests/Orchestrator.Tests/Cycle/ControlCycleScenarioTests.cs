using Orchestrator.Core.Domain;
using Orchestrator.Simulation;
using Orchestrator.TestSupport;
using Orchestrator.Core.Ports;
using Xunit;

namespace Orchestrator.Tests.Cycle;

/// <summary>Many cycles on a fake clock: the whole life of a fleet, and the old service's incidents.</summary>
public sealed class ControlCycleScenarioTests
{
    [Fact]
    public async Task Queue_to_active_fleet_to_scale_down_with_no_double_spawn_and_no_leak()
    {
        var h = new CycleHarness();
        for (var i = 0; i < 3; i++)
        {
            h.Store.AddTask("wan_2_2_i2v", h.Now);
        }
        var first = await h.CycleAsync();
        Assert.Equal(3, first.Spawned);
        Assert.Equal(3, h.InState(WorkerState.Spawning).Count);
        Assert.All(h.Store.Workers, w => Assert.NotNull(w.PodId));

        h.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(0, (await h.CycleAsync()).Spawned); // slow boot: booting pods cover the queue
        Assert.Equal(3, h.Cloud.CreateCalls);

        h.RunAllPods();
        h.Advance(TimeSpan.FromSeconds(30));
        await h.CycleAsync();
        Assert.Equal(3, h.InState(WorkerState.Bootstrapping).Count);
        Assert.Equal(3, h.Bootstrapper.Calls.Count);

        h.Advance(TimeSpan.FromSeconds(30));
        h.HeartbeatAll();
        await h.CycleAsync();
        Assert.Equal(3, h.InState(WorkerState.Active).Count);

        foreach (var w in h.Store.Workers)
        {
            var task = h.Store.ClaimNext(w.Id, h.Now)!;
            Assert.True(h.Store.Complete(task.Id, w.Id, h.Now + TimeSpan.FromMinutes(1)));
        }
        for (var minute = 0; minute < 15; minute++)
        {
            h.Advance(TimeSpan.FromMinutes(1));
            h.HeartbeatAll();
            await h.CycleAsync();
        }
        Assert.All(h.Store.Workers, w => Assert.Equal(WorkerState.Terminated, w.State));
        Assert.Empty(h.Cloud.Pods);
        Assert.All(h.Store.Workers, w => Assert.Equal(ReasonCodes.IdleSurplus, w.Reason));
        Assert.DoesNotContain(h.Store.Workers.SelectMany(w => w.Outcomes), o => o.Kind != OutcomeKind.BootSucceeded);
    }

    /// <summary>Weakness 11: get_workers() returned [] on error, the cycle saw zero capacity and spawned.</summary>
    [Fact]
    public async Task Errors_are_never_read_as_zero_workers_the_cycle_fails_closed()
    {
        var h = new CycleHarness(min: 2);
        h.Store.FailNextObserve = true;
        var report = await h.CycleAsync();
        Assert.False(report.Succeeded);
        Assert.Equal(0, h.Cloud.CreateCalls);
        h.Cloud.FailNextList = true;
        Assert.False((await h.CycleAsync()).Succeeded);
        Assert.Equal(0, h.Cloud.CreateCalls);
        Assert.Equal(2, (await h.CycleAsync()).Spawned);
    }

    /// <summary>Incident FINAL_ANALYSIS_1827: 51 two-month-old queued tasks scaled the fleet 0→4.</summary>
    [Fact]
    public async Task Incident_1827_ancient_queued_tasks_are_not_demand()
    {
        var h = new CycleHarness();
        for (var i = 0; i < 51; i++)
        {
            h.Store.AddTask("wan_2_2_i2v", h.Now - TimeSpan.FromDays(60));
        }
        var report = await h.CycleAsync();
        Assert.Equal(0, report.Spawned);
        Assert.Equal(51, report.Demand!.Queued);
        Assert.Equal(0, report.Demand.Claimable);
        Assert.Equal(51, report.Demand.TooOld);
    }

    [Fact]
    public async Task A_create_whose_answer_is_lost_is_adopted_by_name_not_created_twice()
    {
        var h = new CycleHarness(min: 1);
        h.Cloud.LoseNextCreateAnswer = true;
        var first = await h.CycleAsync();
        Assert.Equal(0, first.Spawned);
        var worker = Assert.Single(h.Store.Workers);
        Assert.Equal(WorkerState.Requested, worker.State);
        Assert.Single(h.Cloud.Pods);

        h.Advance(TimeSpan.FromSeconds(30));
        var second = await h.CycleAsync();
        Assert.Equal(0, second.Spawned); // the requested worker counts as capacity
        Assert.Equal(WorkerState.Spawning, h.Worker(worker.Id).State);
        Assert.Equal(h.Cloud.Pods.Single().Id, h.Worker(worker.Id).PodId);
        Assert.Equal(1, h.Cloud.CreateCalls);
        h.AssertNoLeakedPods();
    }

    /// <summary>
    /// Issue 15 item 1 (degrade, do not stall): a create that failed without a pod left its worker requested, counted as
    /// booting capacity, for CREATE_CONFIRM_TIMEOUT_SEC, so nothing replaced it. Now the next listing gives it up and the
    /// same cycle creates the replacement; a pod that still turns up under the old name later is terminated, never leaked.
    /// </summary>
    [Fact]
    public async Task A_create_that_failed_without_a_pod_is_replaced_at_the_next_cycle_and_a_late_pod_is_terminated()
    {
        var h = new CycleHarness(min: 1);
        h.Cloud.FailNextCreate = true;
        var first = await h.CycleAsync();
        Assert.Equal(0, first.Spawned);
        var failed = Assert.Single(h.Store.Workers);
        Assert.Equal(WorkerState.Requested, failed.State);
        Assert.Equal(ReasonCodes.CreateUnresolved, failed.Reason);

        h.Advance(TimeSpan.FromSeconds(1)); // far inside the confirm timeout (180 s)
        var second = await h.CycleAsync();
        Assert.Equal(WorkerState.Terminated, h.Worker(failed.Id).State);
        Assert.Equal(ReasonCodes.CreateFailed, h.Worker(failed.Id).Reason);
        Assert.Equal(1, second.Spawned);
        var replacement = h.Store.Workers.Single(w => w.Id != failed.Id);
        Assert.Equal(WorkerState.Spawning, replacement.State);

        var late = h.Cloud.AddForeignPod(failed.Id, PodStatus.Provisioning); // RunPod finished the create after all
        h.Advance(TimeSpan.FromSeconds(1));
        var third = await h.CycleAsync();
        Assert.Contains(late.Id, h.Cloud.TerminateCalls);
        Assert.Equal(0, third.Spawned);
        h.AssertNoLeakedPods();
        Assert.All(h.Cloud.Pods.GroupBy(p => p.Name), g => Assert.Single(g));
    }

    [Fact]
    public async Task A_transient_create_failure_does_not_stop_the_cycles_other_creates()
    {
        var h = new CycleHarness(min: 3);
        h.Cloud.FailNextCreate = true; // the first create, which goes alone
        var report = await h.CycleAsync();
        Assert.Equal(2, report.Spawned);
        Assert.Equal(3, h.Cloud.CreateCalls);
        Assert.Single(h.InState(WorkerState.Requested));
    }

    /// <summary>CRITICAL_BUG_travel_orchestrator_LOGS: a poison task crashed every worker and looped forever.</summary>
    [Fact]
    public async Task Poison_task_is_requeued_with_attempts_after_fencing_and_failed_past_the_limit()
    {
        var h = new CycleHarness(health: o => o.MaxTaskAttempts = 2);
        var taskId = h.Store.AddTask("travel_segment", h.Now);
        for (var round = 0; round < 6 && h.Store.Tasks.Single().Status != TaskStatuses.Failed; round++)
        {
            await BootOneWorkerAsync(h);
            var worker = h.InState(WorkerState.Active).Single();
            Assert.NotNull(h.Store.ClaimNext(worker.Id, h.Now));
            var pod = worker.PodId!;
            h.Advance(h.Health.HeartbeatTimeout + TimeSpan.FromSeconds(1)); // the task kills the worker and its guardian
            await h.CycleAsync(); // stale heartbeat → error, terminate requested
            Assert.Equal(WorkerState.Error, h.Worker(worker.Id).State);
            Assert.Contains(pod, h.Cloud.TerminateCalls);
            h.Advance(TimeSpan.FromSeconds(30));
            await h.CycleAsync(); // pod gone → settle → terminated
            Assert.Equal(WorkerState.Terminated, h.Worker(worker.Id).State);
        }
        var task = h.Store.Tasks.Single(t => t.Id == taskId);
        Assert.Equal(TaskStatuses.Failed, task.Status);
        Assert.Equal(2, task.Attempts);
    }

    [Fact]
    public async Task Tasks_of_a_dead_worker_stay_in_progress_until_its_pod_is_fenced()
    {
        var h = new CycleHarness();
        h.Store.AddTask("travel_segment", h.Now);
        await BootOneWorkerAsync(h);
        var worker = h.InState(WorkerState.Active).Single();
        h.Store.ClaimNext(worker.Id, h.Now);
        h.Advance(h.Health.HeartbeatTimeout + TimeSpan.FromSeconds(1));
        await h.CycleAsync();
        Assert.Equal(WorkerState.Error, h.Worker(worker.Id).State);
        Assert.StartsWith("heartbeat-stale", h.Worker(worker.Id).Reason, StringComparison.Ordinal);
        // The in-memory cloud removes the pod on terminate, so fencing is confirmed on the next cycle.
        Assert.Equal(TaskStatuses.InProgress, h.Store.Tasks.Single().Status);
        h.Advance(TimeSpan.FromSeconds(30));
        await h.CycleAsync();
        var task = h.Store.Tasks.Single();
        Assert.Equal(1, task.Attempts);
        Assert.True(task.Status == TaskStatuses.Queued || task.WorkerId != worker.Id);
    }

    /// <summary>Weakness 2: the heartbeat PATCHes status='active' and resurrected rows the orchestrator had terminated.</summary>
    [Fact]
    public async Task A_heartbeat_never_revives_a_terminated_worker_and_its_pod_is_killed_again()
    {
        var h = new CycleHarness();
        await BootOneWorkerAsync(h);
        var worker = h.InState(WorkerState.Active).Single();
        for (var i = 0; i < 14; i++)
        {
            h.Advance(TimeSpan.FromMinutes(1));
            h.HeartbeatAll();
            await h.CycleAsync();
        }
        Assert.Equal(WorkerState.Terminated, h.Worker(worker.Id).State);
        var zombie = h.Cloud.AddForeignPod(worker.Id); // the terminate did not take
        h.Store.Heartbeat(worker.Id, h.Now);
        Assert.Equal("active", h.Worker(worker.Id).DbStatus);
        await h.CycleAsync();
        Assert.Equal(WorkerState.Terminated, h.Worker(worker.Id).State);
        Assert.Contains(zombie.Id, h.Cloud.TerminateCalls);
    }

    [Fact]
    public async Task Orphan_pods_with_our_prefix_are_terminated_after_the_grace_others_are_left_alone()
    {
        var h = new CycleHarness();
        var orphanName = WorkerIds.New(h.Cycle.WorkerPrefix, h.Now, new Random(1));
        var orphan = h.Cloud.AddForeignPod(orphanName);
        var foreign = h.Cloud.AddForeignPod("other-team-20261101_120000-deadbeef");
        await h.CycleAsync();
        Assert.DoesNotContain(orphan.Id, h.Cloud.TerminateCalls);
        h.Advance(h.Health.OrphanPodGrace + TimeSpan.FromSeconds(1));
        await h.CycleAsync();
        Assert.Contains(orphan.Id, h.Cloud.TerminateCalls);
        Assert.DoesNotContain(foreign.Id, h.Cloud.TerminateCalls);
    }

    [Fact]
    public async Task A_second_pod_under_a_workers_name_is_terminated_the_workers_own_pod_is_kept()
    {
        var h = new CycleHarness(min: 1);
        await h.CycleAsync();
        var worker = h.Store.Workers.Single();
        var duplicate = h.Cloud.AddForeignPod(worker.Id, PodStatus.Provisioning);
        h.Advance(TimeSpan.FromSeconds(30));
        await h.CycleAsync();
        Assert.Contains(duplicate.Id, h.Cloud.TerminateCalls);
        Assert.DoesNotContain(worker.PodId!, h.Cloud.TerminateCalls);
        Assert.Equal(WorkerState.Spawning, h.Worker(worker.Id).State);
    }

    [Fact]
    public async Task Dry_run_decides_but_acts_on_nothing()
    {
        var h = new CycleHarness(min: 2);
        h.Store.AddTask("wan_2_2_i2v", h.Now);
        var report = await h.CycleAsync(dryRun: true);
        Assert.Equal(2, report.Plan!.Scaling.Spawn);
        Assert.Empty(h.Store.Workers);
        Assert.Equal(0, h.Cloud.CreateCalls);
        Assert.Empty(h.Store.Events);
    }

    [Fact]
    public async Task Every_action_lands_in_the_audit_trail_with_its_reason()
    {
        var h = new CycleHarness(min: 1);
        await h.CycleAsync();
        var events = h.Store.Events;
        Assert.Contains(events, e => e.Kind == "cycle" && e.DetailsJson!.Contains("\"spawn\":1", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Kind == "spawn" && e.Reason == "scale-up-floor" && e.WorkerId is not null);
    }

    [Fact]
    public async Task No_capacity_ends_the_spawn_attempt_without_leaving_a_live_row()
    {
        var h = new CycleHarness(min: 2);
        h.Cloud.HasCapacity = false;
        var report = await h.CycleAsync();
        Assert.Equal(0, report.Spawned);
        var worker = Assert.Single(h.Store.Workers); // the first miss stops this cycle's spawning
        Assert.Equal(WorkerState.Terminated, worker.State);
        Assert.Equal("no-capacity", worker.Reason);
    }

    [Fact]
    public async Task A_failed_bootstrap_ends_with_its_reason_and_the_pod_terminated()
    {
        var h = new CycleHarness(min: 1);
        await h.CycleAsync();
        var worker = h.Store.Workers.Single();
        h.Bootstrapper.Script(worker.Id, BootstrapOutcome.Failed("volume-missing", "/workspace is not mounted", retryable: false));
        h.RunAllPods();
        h.Advance(TimeSpan.FromSeconds(30));
        await h.CycleAsync();
        Assert.Equal(WorkerState.Error, h.Worker(worker.Id).State);
        Assert.Equal("bootstrap-failed:volume-missing", h.Worker(worker.Id).Reason);
        Assert.Contains(worker.PodId!, h.Cloud.TerminateCalls);
    }

    private static async Task BootOneWorkerAsync(CycleHarness h)
    {
        h.Scaling.MinActive = 1;
        await h.CycleAsync();
        h.RunAllPods();
        h.Advance(TimeSpan.FromSeconds(30));
        await h.CycleAsync();
        h.Advance(TimeSpan.FromSeconds(30));
        h.HeartbeatAll();
        await h.CycleAsync();
        h.Scaling.MinActive = 0;
    }
}
