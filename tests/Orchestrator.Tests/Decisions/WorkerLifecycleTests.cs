using Orchestrator.Core.Decisions;
using Orchestrator.Core.Domain;
using Orchestrator.Core.Options;
using Orchestrator.Core.Ports;
using Xunit;
using static Orchestrator.Tests.Decisions.Workers;

namespace Orchestrator.Tests.Decisions;

/// <summary>The worker state machine, table by table, with the incidents that shaped it.</summary>
public sealed class WorkerLifecycleTests
{
    private static readonly HealthOptions Health = new()
    {
        BootTimeout = TimeSpan.FromMinutes(10),
        StartTimeout = TimeSpan.FromMinutes(10),
        HeartbeatTimeout = TimeSpan.FromMinutes(5),
        TaskStuckTimeout = TimeSpan.FromMinutes(20),
        CreateConfirmTimeout = TimeSpan.FromMinutes(3),
        FailureThreshold = 2,
        MaxBootstrapAttempts = 3,
    };

    private static PodInfo Pod(string id, PodStatus status, bool ssh = true) => new()
    {
        Id = "pod-" + id,
        Name = id,
        Status = status,
        Ssh = status == PodStatus.Running && ssh ? new SshEndpoint("10.0.0.1", 40022) : null,
    };

    [Theory]
    [InlineData(PodStatus.Provisioning, false, WorkerState.Spawning, LifecycleAction.None)]
    [InlineData(PodStatus.Running, false, WorkerState.Spawning, LifecycleAction.None)] // running but no public 22 yet
    [InlineData(PodStatus.Running, true, WorkerState.Spawning, LifecycleAction.Bootstrap)]
    [InlineData(PodStatus.Exited, true, WorkerState.Error, LifecycleAction.TerminatePod)]
    [InlineData(PodStatus.Failed, true, WorkerState.Error, LifecycleAction.TerminatePod)]
    [InlineData(PodStatus.Terminated, true, WorkerState.Error, LifecycleAction.TerminatePod)]
    public void Spawning_follows_the_pod(PodStatus status, bool ssh, WorkerState to, LifecycleAction action)
    {
        var worker = Booting("w");
        var t = WorkerLifecycle.Next(worker, Pod("w", status, ssh), Health, T0);
        Assert.Equal(to, t.To);
        Assert.Equal(action, t.Action);
    }

    [Fact]
    public void Boot_timeout_is_measured_from_creation_and_fails_with_a_reason()
    {
        var worker = Booting("w") with { CreatedAt = T0 - TimeSpan.FromMinutes(11) };
        var t = WorkerLifecycle.Next(worker, Pod("w", PodStatus.Provisioning), Health, T0);
        Assert.Equal(WorkerState.Error, t.To);
        Assert.StartsWith(ReasonCodes.BootTimeout, t.Reason, StringComparison.Ordinal);
        Assert.Equal(OutcomeKind.BootFailed, t.Outcome);
    }

    /// <summary>Incident "Exception in worker check: 'data'": one transient API miss killed a worker.</summary>
    [Fact]
    public void A_pod_missing_from_one_listing_is_not_fatal_but_two_in_a_row_are()
    {
        var worker = Active("w");
        var first = WorkerLifecycle.Next(worker, null, Health, T0);
        Assert.Equal(WorkerState.Active, first.To);
        Assert.Equal(1, first.HealthFailures);
        var second = WorkerLifecycle.Next(worker with { HealthFailures = 1 }, null, Health, T0);
        Assert.Equal(WorkerState.Error, second.To);
        Assert.Equal(ReasonCodes.PodVanished, second.Reason);
    }

    [Fact]
    public void A_healthy_observation_resets_the_failure_count()
    {
        var t = WorkerLifecycle.Next(Active("w") with { HealthFailures = 1 }, Pod("w", PodStatus.Running), Health, T0);
        Assert.Equal(0, t.HealthFailures);
        Assert.Equal(WorkerState.Active, t.To);
    }

    [Fact]
    public void The_first_heartbeat_promotes_a_booting_worker_and_counts_as_a_boot_success()
    {
        var worker = Booting("w", WorkerState.Bootstrapping) with { LastHeartbeat = T0 - TimeSpan.FromSeconds(3), LaunchedAt = T0 - TimeSpan.FromSeconds(30) };
        var t = WorkerLifecycle.Next(worker, Pod("w", PodStatus.Running), Health, T0);
        Assert.Equal(WorkerState.Active, t.To);
        Assert.Equal(OutcomeKind.BootSucceeded, t.Outcome);
    }

    [Fact]
    public void A_launched_worker_that_never_heartbeats_fails_after_the_start_timeout()
    {
        var worker = Booting("w", WorkerState.Bootstrapping) with { LaunchedAt = T0 - TimeSpan.FromMinutes(11) };
        var t = WorkerLifecycle.Next(worker, Pod("w", PodStatus.Running), Health, T0);
        Assert.Equal(WorkerState.Error, t.To);
        Assert.Equal(ReasonCodes.StartTimeout, t.Reason);
    }

    [Fact]
    public void Stale_heartbeat_fails_an_active_worker()
    {
        var worker = Active("w") with { LastHeartbeat = T0 - TimeSpan.FromMinutes(6) };
        var t = WorkerLifecycle.Next(worker, Pod("w", PodStatus.Running), Health, T0);
        Assert.Equal(WorkerState.Error, t.To);
        Assert.StartsWith(ReasonCodes.HeartbeatStale, t.Reason, StringComparison.Ordinal);
        Assert.Equal(OutcomeKind.HealthFailed, t.Outcome);
    }

    /// <summary>Incidents 49d1be3/c06917c: liveness must never depend on whether work is queued. The lifecycle has no demand input at all.</summary>
    [Fact]
    public void Stuck_non_orchestrator_task_fails_the_worker_but_orchestrator_tasks_are_not_considered()
    {
        var stuck = Active("w", running: 1) with { OldestRunningTask = new RunningTaskInfo(Guid.NewGuid(), "travel_segment", T0 - TimeSpan.FromMinutes(21)) };
        Assert.Equal(WorkerState.Error, WorkerLifecycle.Next(stuck, Pod("w", PodStatus.Running), Health, T0).To);
        var coordinator = Active("w", running: 1) with { OldestRunningTask = null };
        Assert.Equal(WorkerState.Active, WorkerLifecycle.Next(coordinator, Pod("w", PodStatus.Running), Health, T0).To);
    }

    [Theory]
    [InlineData("crashed", false, ReasonCodes.WorkerCrashed)]
    [InlineData("error", true, ReasonCodes.WorkerSelfTerminated)]
    public void A_worker_that_reports_its_own_death_is_failed_at_once(string dbStatus, bool selfTerminated, string reason)
    {
        var worker = Active("w") with { DbStatus = dbStatus, SelfTerminated = selfTerminated };
        var t = WorkerLifecycle.Next(worker, Pod("w", PodStatus.Running), Health, T0);
        Assert.Equal(WorkerState.Error, t.To);
        Assert.Equal(reason, t.Reason);
    }

    /// <summary>Weakness 4: tasks were requeued before the pod was killed, so a live worker could finish a requeued task.</summary>
    [Fact]
    public void Tasks_are_settled_only_once_the_pod_is_gone()
    {
        var failed = Active("w", running: 1) with { State = WorkerState.Error, StateSince = T0, Reason = "heartbeat-stale" };
        var whileAlive = WorkerLifecycle.Next(failed, Pod("w", PodStatus.Running), Health, T0);
        Assert.Equal(LifecycleAction.TerminatePod, whileAlive.Action);
        Assert.Equal(WorkerState.Error, whileAlive.To);
        var afterGone = WorkerLifecycle.Next(failed, null, Health, T0);
        Assert.Equal(LifecycleAction.Settle, afterGone.Action);
        Assert.Equal(WorkerState.Terminated, afterGone.To);
        var terminatedPod = WorkerLifecycle.Next(failed, Pod("w", PodStatus.Terminated), Health, T0);
        Assert.Equal(LifecycleAction.Settle, terminatedPod.Action);
    }

    /// <summary>Issue 13: a v2 ERROR pod counted as gone (never terminated, billed on); a DEAD one as alive (its task never requeued).</summary>
    [Theory]
    [InlineData(PodStatus.Failed, "ERROR", "pod-dead:error")]
    [InlineData(PodStatus.Failed, "DEAD", "pod-dead:dead")]
    [InlineData(PodStatus.Exited, "PAUSED", "pod-dead:paused")]
    [InlineData(PodStatus.Unknown, "HIBERNATING", "pod-dead:hibernating")]
    public void A_dead_pod_is_terminated_at_once_and_settled_only_when_a_read_shows_it_gone(PodStatus status, string word, string reason)
    {
        var graceful = new HealthOptions { ErrorCleanupGrace = TimeSpan.FromMinutes(10) };
        var dead = Pod("w", status) with { ProviderStatus = word };

        var failing = WorkerLifecycle.Next(Active("w", running: 1), dead, graceful, T0);
        Assert.Equal((WorkerState.Error, LifecycleAction.TerminatePod, reason), (failing.To, failing.Action, failing.Reason));

        var errored = Active("w", running: 1) with { State = WorkerState.Error, StateSince = T0, Reason = reason };
        Assert.Equal(LifecycleAction.TerminatePod, WorkerLifecycle.Next(errored, dead, graceful, T0).Action); // still there: terminate again, no grace
        var gone = WorkerLifecycle.Next(errored, Pod("w", PodStatus.Terminated), graceful, T0);
        Assert.Equal((WorkerState.Terminated, LifecycleAction.Settle, reason), (gone.To, gone.Action, gone.Reason));
    }

    [Theory]
    [InlineData(299, null, WorkerState.Spawning)]
    [InlineData(300, null, WorkerState.Error)]
    [InlineData(900, "10.0.0.1", WorkerState.Spawning)] // has an endpoint: bootstrap instead
    [InlineData(null, null, WorkerState.Spawning)]      // uptime unknown: the boot timeout bounds it
    public void A_running_pod_without_an_ssh_endpoint_is_replaced_after_the_wait(int? uptime, string? host, WorkerState to)
    {
        var pod = Pod("w", PodStatus.Running, ssh: host is not null) with { UptimeSeconds = uptime };

        var t = WorkerLifecycle.Next(Booting("w"), pod, Health, T0);

        Assert.Equal(to, t.To);
        if (to == WorkerState.Error)
        {
            Assert.Equal($"{ReasonCodes.NoSshEndpoint}:{uptime}s", t.Reason);
        }
    }

    [Fact]
    public void Draining_re_terminates_until_the_pod_is_gone()
    {
        var draining = Active("w") with { State = WorkerState.Draining, Reason = ReasonCodes.IdleTimeout };
        Assert.Equal(LifecycleAction.TerminatePod, WorkerLifecycle.Next(draining, Pod("w", PodStatus.Running), Health, T0).Action);
        var gone = WorkerLifecycle.Next(draining, null, Health, T0);
        Assert.Equal(WorkerState.Terminated, gone.To);
        Assert.Null(gone.Outcome); // a scale-down is never a failure for the breaker
    }

    [Fact]
    public void Error_grace_delays_termination_when_configured()
    {
        var graceful = new HealthOptions { ErrorCleanupGrace = TimeSpan.FromMinutes(10) };
        var failed = Active("w") with { State = WorkerState.Error, StateSince = T0 - TimeSpan.FromMinutes(1) };
        Assert.Equal(LifecycleAction.None, WorkerLifecycle.Next(failed, Pod("w", PodStatus.Running), graceful, T0).Action);
        var later = failed with { StateSince = T0 - TimeSpan.FromMinutes(11) };
        Assert.Equal(LifecycleAction.TerminatePod, WorkerLifecycle.Next(later, Pod("w", PodStatus.Running), graceful, T0).Action);
    }

    /// <summary>Weakness 7: a crash between create and the row update left a pod with no id; now the requested worker adopts the pod by name.</summary>
    [Fact]
    public void A_requested_worker_adopts_its_pod_by_name_or_gives_up_after_the_confirm_timeout()
    {
        var requested = Booting("w", WorkerState.Requested);
        var adopted = WorkerLifecycle.Next(requested, Pod("w", PodStatus.Provisioning), Health, T0);
        Assert.Equal(WorkerState.Spawning, adopted.To);
        Assert.Equal("pod-w", adopted.AdoptedPodId);
        var old = requested with { StateSince = T0 - TimeSpan.FromMinutes(4) };
        var given = WorkerLifecycle.Next(old, null, Health, T0);
        Assert.Equal(WorkerState.Terminated, given.To);
        Assert.Equal(ReasonCodes.CreateNotConfirmed, given.Reason);
    }

    /// <summary>Issue 15 item 1: a create that ended without a pod held its worker as booting capacity for the whole confirm timeout.</summary>
    [Fact]
    public void A_requested_worker_whose_create_ended_without_a_pod_is_given_up_at_the_next_listing_unless_the_pod_is_there()
    {
        var unresolved = Booting("w", WorkerState.Requested) with { StateSince = T0 - TimeSpan.FromSeconds(2), Reason = ReasonCodes.CreateUnresolved };
        var given = WorkerLifecycle.Next(unresolved, null, Health, T0);
        Assert.Equal(WorkerState.Terminated, given.To);
        Assert.Equal(ReasonCodes.CreateFailed, given.Reason);
        Assert.Equal(LifecycleAction.Settle, given.Action);
        var found = WorkerLifecycle.Next(unresolved, Pod("w", PodStatus.Provisioning), Health, T0);
        Assert.Equal(WorkerState.Spawning, found.To);
        Assert.Equal("pod-w", found.AdoptedPodId);
        // Without the mark (the replica died during the create) the pod may still be on its way: it waits.
        Assert.Equal(WorkerState.Requested, WorkerLifecycle.Next(unresolved with { Reason = null }, null, Health, T0).To);
    }

    /// <summary>
    /// Issue 15 item 1, third round: a create can outlive its cycle. A listing taken while it still ran may predate its pod,
    /// so whatever its row says (marked unresolved just after the listing, or past the confirm timeout) it is not settled.
    /// </summary>
    [Theory]
    [InlineData(ReasonCodes.CreateUnresolved, 2)]
    [InlineData(ReasonCodes.CreateUnresolved, 600)]
    [InlineData(null, 600)]
    public void A_requested_worker_whose_create_is_still_in_flight_is_never_settled_from_the_listing(string? reason, int ageSeconds)
    {
        var creating = Booting("w", WorkerState.Requested) with
        {
            StateSince = T0 - TimeSpan.FromSeconds(ageSeconds), Reason = reason, CreateInFlight = true,
        };
        var t = WorkerLifecycle.Next(creating, null, Health, T0);
        Assert.Equal(WorkerState.Requested, t.To);
        Assert.Equal(LifecycleAction.None, t.Action);
        Assert.Equal("create-in-flight", t.Reason);
        // Its pod, once listed, is adopted as always.
        Assert.Equal(WorkerState.Spawning, WorkerLifecycle.Next(creating, Pod("w", PodStatus.Provisioning), Health, T0).To);
    }

    [Theory]
    [InlineData(true, false, 0, WorkerState.Bootstrapping)]
    [InlineData(false, true, 0, WorkerState.Spawning)] // SSH not up yet: retry
    [InlineData(false, true, 2, WorkerState.Error)]    // third retryable failure: give up
    [InlineData(false, false, 0, WorkerState.Error)]   // volume missing: no point retrying
    public void Bootstrap_outcomes_map_to_states(bool succeeded, bool retryable, int attemptsBefore, WorkerState expected)
    {
        var worker = Booting("w") with { BootstrapAttempts = attemptsBefore };
        var outcome = succeeded ? BootstrapOutcome.Launched() : BootstrapOutcome.Failed("volume-missing", "no /workspace", retryable);
        var t = WorkerLifecycle.AfterBootstrap(worker, outcome, Health);
        Assert.Equal(expected, t.To);
        if (expected == WorkerState.Error)
        {
            Assert.StartsWith(ReasonCodes.BootstrapFailed, t.Reason, StringComparison.Ordinal);
        }
    }
}
