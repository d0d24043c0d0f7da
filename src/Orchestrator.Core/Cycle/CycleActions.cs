using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Orchestrator.Core.Decisions;
using Orchestrator.Core.Domain;
using Orchestrator.Core.Ports;

namespace Orchestrator.Core.Cycle;

/// <summary>
/// Carries out one cycle's plan against the ports and keeps the audit events. Intent is stored before
/// the cloud is touched, so a crash between the two is reconciled by the next cycle. A create or terminate that has not
/// answered within <see cref="MutationWait"/> is left in flight (<see cref="MutationsInFlight"/>) and the cycle goes on;
/// its events, added after the cycle recorded its own (<see cref="CloseEvents"/>), are recorded when it ends.
/// </summary>
internal sealed partial class CycleActions(
    Guid cycleId,
    DateTimeOffset now,
    IFleetStore store,
    IGpuCloud cloud,
    IWorkerBootstrapper bootstrapper,
    CycleSettings settings,
    TimeProvider time,
    CreateRateLimiter createLimit,
    SpotFallback spotFallback,
    ILogger logger)
{
    /// <summary>
    /// How long the cycle waits for a terminate's answer, and for a create's when it will not bootstrap the pod itself
    /// (<see cref="Options.CycleOptions.PodReadyWait"/> zero): RunPod answers in well under a second; past this the call is
    /// hanging, and it finishes beside the next cycles instead of holding them. A create whose pod this cycle will
    /// bootstrap is waited for <see cref="FirstCreateHeadStart"/>, as the rest of the spawn step already does.
    /// </summary>
    internal static readonly TimeSpan MutationWait = TimeSpan.FromSeconds(1);

    private readonly List<ScalingEvent> _events = [];
    private readonly Lock _gate = new();
    private int _recorded = -1;
    private int _requeued;
    private int _failedTasks;
    private int _rateLimited;

    public Guid CycleId => cycleId;
    public int Requeued => _requeued;
    public int FailedTasks => _failedTasks;
    public int RateLimited => _rateLimited;

    /// <summary>Shared by every cycle of the process: the mutations that outlive their cycle.</summary>
    public MutationsInFlight InFlight { get; init; } = new(1);

    /// <summary>Told the events of mutations that ended after <see cref="CloseEvents"/> (recorded in the store by then).</summary>
    public Action<IReadOnlyList<ScalingEvent>>? OnLate { get; init; }

    /// <summary>
    /// The events so far, for the cycle's own record and report; from now on a mutation left in flight records its
    /// events itself when it ends (<see cref="RecordLateAsync"/>).
    /// </summary>
    public IReadOnlyList<ScalingEvent> CloseEvents()
    {
        lock (_gate)
        {
            _recorded = _events.Count;
            return [.. _events];
        }
    }

    /// <summary>Records the events added since the cycle closed its record (none while the cycle is still acting).</summary>
    private async Task RecordLateAsync()
    {
        List<ScalingEvent> late;
        lock (_gate)
        {
            if (_recorded < 0 || _recorded == _events.Count)
            {
                return;
            }
            late = _events.GetRange(_recorded, _events.Count - _recorded);
            _recorded = _events.Count;
        }
        try
        {
            await store.AppendEventsAsync(late, CancellationToken.None).ConfigureAwait(false);
        }
        catch (OrchestratorException ex)
        {
            CycleLog.ActionFailed(logger, ex, cycleId, "record-late-events", null, ex.Message);
        }
        OnLate?.Invoke(late);
    }

    /// <summary>
    /// Waits for <paramref name="mutation"/> (which handles its own errors) up to <paramref name="wait"/>; true when it ended.
    /// Otherwise it is left in flight and false is returned, unless <see cref="MutationsInFlight.Capacity"/> are already
    /// left: then the cycle waits for it to the end, as it always did.
    /// </summary>
    private async Task<bool> WaitOrLeaveAsync(Task mutation, TimeSpan wait, string action, string target)
    {
        try
        {
            await mutation.WaitAsync(wait, time, CancellationToken.None).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException) when (InFlight.TryLeave(mutation))
        {
            CycleLog.LeftInFlight(logger, cycleId, action, target, (long)wait.TotalMilliseconds);
            return false;
        }
        catch (TimeoutException)
        {
            await mutation.ConfigureAwait(false);
            return true;
        }
    }

    public async Task ApplyTransitionsAsync(IReadOnlyList<PlannedTransition> steps, CancellationToken stop)
    {
        var work = steps.Where(s => !s.Transition.IsNothing && s.Transition.Action != LifecycleAction.Bootstrap).ToList();
        await Parallel.ForEachAsync(work, Bounded(settings.Cycle.TerminateParallelism), async (step, _) =>
        {
            if (!stop.IsCancellationRequested)
            {
                await ApplyOneAsync(step).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
    }

    private async Task ApplyOneAsync(PlannedTransition step)
    {
        var (worker, pod, t) = (step.Worker, step.Pod, step.Transition);
        try
        {
            if (t.Action == LifecycleAction.Settle)
            {
                await SettleAsync(worker, t).ConfigureAwait(false);
                return;
            }
            if ((t.ChangesState || t.HealthFailures is not null || t.AdoptedPodId is not null) && !await StoreAsync(worker, t).ConfigureAwait(false))
            {
                return;
            }
            if (t.Action == LifecycleAction.TerminatePod && (pod?.Id ?? worker.PodId) is { } podId)
            {
                await TerminateAsync(podId, worker.Id, t.Reason, t.Action.ToString()).ConfigureAwait(false);
            }
        }
        catch (OrchestratorException ex)
        {
            CycleLog.ActionFailed(logger, ex, cycleId, t.Action.ToString(), worker.Id, ex.Message);
        }
    }

    /// <summary>Conditional state write; false when someone else moved the worker on.</summary>
    private async Task<bool> StoreAsync(WorkerView worker, WorkerTransition t, string? metadataJson = null, DateTimeOffset? launchedAt = null,
        int? bootstrapAttempts = null, DateTimeOffset? onlyIfNoHeartbeatSince = null)
    {
        var applied = await store.ApplyAsync(new WorkerChange
        {
            WorkerId = worker.Id,
            From = worker.State,
            To = t.To,
            At = now,
            Reason = t.ChangesState ? t.Reason : null,
            PodId = t.AdoptedPodId,
            HealthFailures = t.HealthFailures,
            Outcome = t.Outcome,
            MetadataJson = metadataJson,
            LaunchedAt = launchedAt,
            BootstrapAttempts = bootstrapAttempts,
            OnlyIfNoHeartbeatSince = onlyIfNoHeartbeatSince,
        }, CancellationToken.None).ConfigureAwait(false);
        if (applied && t.ChangesState)
        {
            CycleLog.Transition(logger, worker.Id, worker.State.ToDb(), t.To.ToDb(), t.Reason);
            Add("transition", worker.Id, t.Reason, AuditJson.Object(("from", worker.State.ToDb()), ("to", t.To.ToDb())));
        }
        return applied;
    }

    private async Task SettleAsync(WorkerView worker, WorkerTransition t)
    {
        // An interruption is not the task's fault: its tasks go back without spending one of their attempts.
        var spendAttempt = t.Reason != ReasonCodes.SpotInterrupted;
        var result = await store.RequeueTasksAsync(worker.Id, settings.Health.MaxTaskAttempts, $"worker {worker.Id} {t.Reason}", now, spendAttempt,
            CancellationToken.None).ConfigureAwait(false);
        Interlocked.Add(ref _requeued, result.Requeued.Count);
        Interlocked.Add(ref _failedTasks, result.Failed.Count);
        if (result.Requeued.Count + result.Failed.Count > 0)
        {
            CycleLog.Requeued(logger, worker.Id, result.Requeued.Count, result.Failed.Count);
            Add("requeue", worker.Id, t.Reason, AuditJson.Requeue(result));
        }
        await StoreAsync(worker, t).ConfigureAwait(false);
    }

    /// <summary>
    /// Terminates a pod beside the cycle: waited for up to <see cref="MutationWait"/>, then left in flight (terminates are
    /// idempotent: a later cycle that still lists the pod sends one more beside a hanging one, up to
    /// <see cref="MutationsInFlight.TerminatesPerPod"/> on the wire). A failure is logged as <paramref name="action"/>, never thrown.
    /// </summary>
    public async Task TerminateAsync(string podId, string? workerId, string reason, string action)
    {
        if (!InFlight.TryBeginTerminate(podId))
        {
            CycleLog.TerminateInFlight(logger, podId, workerId, reason, MutationsInFlight.TerminatesPerPod);
            return;
        }
        await WaitOrLeaveAsync(TerminateOneAsync(podId, workerId, reason, action), MutationWait, "terminate", podId).ConfigureAwait(false);
    }

    private async Task TerminateOneAsync(string podId, string? workerId, string reason, string action)
    {
        try
        {
            var outcome = await cloud.TerminatePodAsync(podId, CancellationToken.None).ConfigureAwait(false);
            CycleLog.TerminateRequested(logger, podId, workerId, reason, outcome.ToString());
            Add("terminate", workerId, reason, AuditJson.Object(("pod_id", podId), ("outcome", outcome.ToString())));
        }
        catch (OrchestratorException ex)
        {
            CycleLog.ActionFailed(logger, ex, cycleId, action, workerId ?? podId, ex.Message);
        }
        finally
        {
            InFlight.EndTerminate(podId);
        }
        await RecordLateAsync().ConfigureAwait(false);
    }

    public async Task BootstrapAsync(IReadOnlyList<PlannedTransition> steps, CancellationToken stop)
    {
        await Parallel.ForEachAsync(steps, Bounded(settings.Cycle.BootstrapParallelism), async (step, _) =>
        {
            if (!stop.IsCancellationRequested && step.Pod?.Ssh is not null)
            {
                await BootstrapOneAsync(step).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
    }

    private async Task BootstrapOneAsync(PlannedTransition step)
    {
        using var timeout = new CancellationTokenSource(settings.Cycle.BootstrapTimeout);
        var clock = Stopwatch.StartNew();
        BootstrapOutcome outcome;
        try
        {
            outcome = await bootstrapper.BootstrapAsync(new BootstrapTarget(step.Worker.Id, step.Pod!.Id, step.Pod.Ssh!), timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            outcome = BootstrapOutcome.Failed("bootstrap-timeout", $"exceeded {settings.Cycle.BootstrapTimeout.TotalSeconds:0}s", retryable: true);
        }
        await AfterBootstrapAsync(step, outcome, clock.Elapsed).ConfigureAwait(false);
    }

    private async Task AfterBootstrapAsync(PlannedTransition step, BootstrapOutcome outcome, TimeSpan duration)
    {
        var t = WorkerLifecycle.AfterBootstrap(step.Worker, outcome, settings.Health);
        CycleLog.Bootstrap(logger, step.Worker.Id, step.Pod!.Id, outcome.Detail is null ? outcome.Reason : $"{outcome.Reason}: {outcome.Detail}");
        Add("bootstrap", step.Worker.Id, outcome.Reason, AuditJson.Bootstrap(outcome.Detail, duration));
        try
        {
            // A failed bootstrap never fails a worker that heartbeated meanwhile (the same rule as WorkerLifecycle's
            // Heartbeated: a beat at or after CreatedAt); the store refuses the change and the next cycle promotes it.
            var stored = await StoreAsync(step.Worker, t, outcome.MetadataJson, outcome.Succeeded ? now : null,
                outcome.Succeeded ? null : step.Worker.BootstrapAttempts + 1,
                outcome.Succeeded ? null : step.Worker.CreatedAt).ConfigureAwait(false);
            if (!stored && !outcome.Succeeded)
            {
                CycleLog.BootstrapFailureNotApplied(logger, step.Worker.Id, outcome.Reason);
            }
            if (stored && t.Action == LifecycleAction.TerminatePod)
            {
                await TerminateAsync(step.Pod.Id, step.Worker.Id, t.Reason, "bootstrap").ConfigureAwait(false);
            }
        }
        catch (OrchestratorException ex)
        {
            CycleLog.ActionFailed(logger, ex, cycleId, "bootstrap", step.Worker.Id, ex.Message);
        }
    }

    public async Task ReconcilePodsAsync(IReadOnlyList<PodReconciliation> pods, CancellationToken stop)
    {
        await Parallel.ForEachAsync(pods, Bounded(settings.Cycle.TerminateParallelism), async (item, _) =>
        {
            if (stop.IsCancellationRequested)
            {
                return;
            }
            await TerminateAsync(item.Pod.Id, item.Pod.Name, item.Reason, "reconcile").ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    private void Add(string kind, string? workerId, string reason, string? details = null)
    {
        lock (_gate)
        {
            _events.Add(new ScalingEvent(now, cycleId, kind, workerId, reason, details));
        }
    }

    private static ParallelOptions Bounded(int degree) => new() { MaxDegreeOfParallelism = Math.Max(1, degree) };
}
