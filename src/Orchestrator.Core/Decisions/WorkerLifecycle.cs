using Orchestrator.Core.Domain;
using Orchestrator.Core.Options;

namespace Orchestrator.Core.Decisions;

/// <summary>
/// The worker state machine: requested → spawning → bootstrapping → active → draining → terminated,
/// and error. Pure: a function of the worker, its pod (null when the cloud does not list it) and now.
/// </summary>
public static class WorkerLifecycle
{
    public static WorkerTransition Next(WorkerView worker, PodInfo? pod, HealthOptions options, DateTimeOffset now) => worker.State switch
    {
        WorkerState.Requested => FromRequested(worker, pod, options, now),
        WorkerState.Spawning => FromSpawning(worker, pod, options, now),
        WorkerState.Bootstrapping => FromBootstrapping(worker, pod, options, now),
        WorkerState.Active => FromActive(worker, pod, options, now),
        WorkerState.Draining => Fence(worker, pod, now, options, graceApplies: false),
        WorkerState.Error => Fence(worker, pod, now, options, graceApplies: true),
        _ => WorkerTransition.Stay(worker.State, "final"),
    };

    /// <summary>
    /// After a bootstrap attempt on a spawning worker: launched → bootstrapping; a retryable failure
    /// (SSH not up yet) counts an attempt until the limit; any other failure fails the worker.
    /// </summary>
    public static WorkerTransition AfterBootstrap(WorkerView worker, Ports.BootstrapOutcome outcome, HealthOptions options)
    {
        if (outcome.Succeeded)
        {
            return new WorkerTransition(worker.State, WorkerState.Bootstrapping, ReasonCodes.Launched, LifecycleAction.None);
        }
        var attempts = worker.BootstrapAttempts + 1;
        return outcome.Retryable && attempts < options.MaxBootstrapAttempts
            ? WorkerTransition.Stay(worker.State, $"bootstrap-retry:{outcome.Reason}")
            : Fail(worker, $"{ReasonCodes.BootstrapFailed}:{outcome.Reason}", OutcomeKind.BootFailed, options);
    }

    /// <summary>
    /// A requested worker: adopt its pod when one is listed under its name. Otherwise, once its create is known to have
    /// ended without a pod (<see cref="ReasonCodes.CreateUnresolved"/>, written after the create call and its look-up by
    /// name), this cycle's listing, taken after that (cycles never overlap), shows none either: give it up now, so a
    /// replacement is created, rather than holding it as booting capacity for <see cref="HealthOptions.CreateConfirmTimeout"/>.
    /// A pod that still appears under its name later belongs to a terminated worker and is terminated by reconciliation
    /// (<see cref="ReasonCodes.ResurrectedPod"/>). A create whose end was never recorded (the replica died during it)
    /// waits out the confirm timeout, since its pod may still be on its way. A create this process still has in flight
    /// (<see cref="WorkerView.CreateInFlight"/>: it outlived its cycle) is never settled: the listing may predate its pod.
    /// </summary>
    private static WorkerTransition FromRequested(WorkerView worker, PodInfo? pod, HealthOptions options, DateTimeOffset now)
    {
        if (pod is not null)
        {
            return new WorkerTransition(worker.State, WorkerState.Spawning, ReasonCodes.PodFoundByName, LifecycleAction.None) { AdoptedPodId = pod.Id };
        }
        if (worker.CreateInFlight)
        {
            return WorkerTransition.Stay(worker.State, "create-in-flight");
        }
        if (worker.Reason == ReasonCodes.CreateUnresolved)
        {
            return new WorkerTransition(worker.State, WorkerState.Terminated, ReasonCodes.CreateFailed, LifecycleAction.Settle);
        }
        return now - worker.StateSince > options.CreateConfirmTimeout
            ? new WorkerTransition(worker.State, WorkerState.Terminated, ReasonCodes.CreateNotConfirmed, LifecycleAction.Settle)
            : WorkerTransition.Stay(worker.State, "awaiting-create");
    }

    private static WorkerTransition FromSpawning(WorkerView worker, PodInfo? pod, HealthOptions options, DateTimeOffset now)
    {
        if (Heartbeated(worker))
        {
            return Promote(worker);
        }
        if (PodProblem(worker, pod, options) is { } problem)
        {
            return problem;
        }
        if (now - worker.CreatedAt > options.BootTimeout)
        {
            return Fail(worker, $"{ReasonCodes.BootTimeout}:{pod!.Status}", OutcomeKind.BootFailed, options);
        }
        if (pod!.Status == PodStatus.Running && pod.Ssh is null && pod.UptimeSeconds is { } up && TimeSpan.FromSeconds(up) >= options.SshEndpointTimeout)
        {
            return Fail(worker, $"{ReasonCodes.NoSshEndpoint}:{up}s", OutcomeKind.BootFailed, options);
        }
        return pod!.Status == PodStatus.Running && pod.Ssh is not null
            ? new WorkerTransition(worker.State, worker.State, "pod-running", LifecycleAction.Bootstrap) { HealthFailures = ResetFailures(worker) }
            : WorkerTransition.Stay(worker.State, $"pod-{pod.Status.ToString().ToLowerInvariant()}") with { HealthFailures = ResetFailures(worker) };
    }

    private static WorkerTransition FromBootstrapping(WorkerView worker, PodInfo? pod, HealthOptions options, DateTimeOffset now)
    {
        if (Heartbeated(worker))
        {
            return Promote(worker);
        }
        if (PodProblem(worker, pod, options) is { } problem)
        {
            return problem;
        }
        var launchedAt = worker.LaunchedAt ?? worker.StateSince;
        return now - launchedAt > options.StartTimeout
            ? Fail(worker, ReasonCodes.StartTimeout, OutcomeKind.BootFailed, options)
            : WorkerTransition.Stay(worker.State, "awaiting-heartbeat") with { HealthFailures = ResetFailures(worker) };
    }

    private static WorkerTransition FromActive(WorkerView worker, PodInfo? pod, HealthOptions options, DateTimeOffset now)
    {
        if (worker.SelfTerminated)
        {
            return Fail(worker, ReasonCodes.WorkerSelfTerminated, OutcomeKind.HealthFailed, options);
        }
        if (string.Equals(worker.DbStatus, "crashed", StringComparison.OrdinalIgnoreCase))
        {
            return Fail(worker, ReasonCodes.WorkerCrashed, OutcomeKind.HealthFailed, options);
        }
        if (PodProblem(worker, pod, options) is { } problem)
        {
            return problem;
        }
        if (worker.LastHeartbeat is { } beat && now - beat > options.HeartbeatTimeout)
        {
            return Fail(worker, $"{ReasonCodes.HeartbeatStale}:{(int)(now - beat).TotalSeconds}s", OutcomeKind.HealthFailed, options);
        }
        if (worker.OldestRunningTask is { } task && now - task.StartedAt > options.TaskStuckTimeout)
        {
            return Fail(worker, $"{ReasonCodes.TaskStuck}:{task.TaskId}", OutcomeKind.HealthFailed, options);
        }
        return WorkerTransition.Stay(worker.State, "healthy") with { HealthFailures = ResetFailures(worker) };
    }

    /// <summary>
    /// Draining and error: terminate until a later read shows the pod gone (absent or terminated), then settle
    /// its tasks. A dead pod (exited, failed, unknown status) still exists and may bill: no diagnostic grace for it.
    /// </summary>
    private static WorkerTransition Fence(WorkerView worker, PodInfo? pod, DateTimeOffset now, HealthOptions options, bool graceApplies)
    {
        if (pod is null || pod.IsGone)
        {
            return new WorkerTransition(worker.State, WorkerState.Terminated, worker.Reason ?? ReasonCodes.Fenced, LifecycleAction.Settle);
        }
        if (graceApplies && !pod.IsDead && now - worker.StateSince < options.ErrorCleanupGrace)
        {
            return WorkerTransition.Stay(worker.State, "error-grace");
        }
        return new WorkerTransition(worker.State, worker.State, worker.Reason ?? "terminate", LifecycleAction.TerminatePod);
    }

    /// <summary>
    /// Pod missing (after consecutive sightings), interrupted or dead; null when the pod looks fine. A spot pod that
    /// exited was taken back by the cloud (RunPod stops an outbid or reclaimed interruptible pod, <c>desiredStatus</c>
    /// EXITED): an interruption, not a crash.
    /// </summary>
    private static WorkerTransition? PodProblem(WorkerView worker, PodInfo? pod, HealthOptions options)
    {
        var outcome = worker.State == WorkerState.Active ? OutcomeKind.HealthFailed : OutcomeKind.BootFailed;
        if (pod is null)
        {
            var failures = worker.HealthFailures + 1;
            return failures >= options.FailureThreshold
                ? Fail(worker, ReasonCodes.PodVanished, outcome, options)
                : WorkerTransition.Stay(worker.State, "pod-missing-once") with { HealthFailures = failures };
        }
        if (worker.Spot && pod.Status == PodStatus.Exited)
        {
            return Interrupted(worker);
        }
        return pod.IsDead
            ? Fail(worker, $"{ReasonCodes.PodDead}:{pod.StatusLabel}", outcome, options, terminateNow: !pod.IsGone)
            : null;
    }

    /// <summary>
    /// A spot interruption: error with its own reason and an <see cref="OutcomeKind.Interrupted"/> outcome (the breaker
    /// ignores it), and the pod terminated now, whatever the diagnostic grace, so its disk stops billing.
    /// </summary>
    private static WorkerTransition Interrupted(WorkerView worker) =>
        new(worker.State, WorkerState.Error, ReasonCodes.SpotInterrupted, LifecycleAction.TerminatePod) { Outcome = OutcomeKind.Interrupted };

    private static bool Heartbeated(WorkerView worker) =>
        worker.LastHeartbeat is { } beat && beat >= worker.CreatedAt
        && !string.Equals(worker.DbStatus, "crashed", StringComparison.OrdinalIgnoreCase);

    private static WorkerTransition Promote(WorkerView worker) =>
        new(worker.State, WorkerState.Active, ReasonCodes.FirstHeartbeat, LifecycleAction.None)
        {
            Outcome = OutcomeKind.BootSucceeded,
            HealthFailures = ResetFailures(worker),
        };

    /// <param name="terminateNow">The pod is dead but still exists: terminate it now, whatever the diagnostic grace.</param>
    private static WorkerTransition Fail(WorkerView worker, string reason, OutcomeKind outcome, HealthOptions options, bool terminateNow = false) =>
        new(worker.State, WorkerState.Error, reason, terminateNow || options.ErrorCleanupGrace <= TimeSpan.Zero ? LifecycleAction.TerminatePod : LifecycleAction.None)
        {
            Outcome = outcome,
        };

    private static int? ResetFailures(WorkerView worker) => worker.HealthFailures > 0 ? 0 : null;
}
