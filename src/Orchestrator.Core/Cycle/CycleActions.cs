using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Orchestrator.Core.Decisions;
using Orchestrator.Core.Domain;
using Orchestrator.Core.Ports;

namespace Orchestrator.Core.Cycle;

/// <summary>
/// Carries out one cycle's plan against the ports and keeps the audit events. Intent is stored before
/// the cloud is touched, so a crash between the two is reconciled by the next cycle.
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
    private readonly List<ScalingEvent> _events = [];
    private readonly Lock _gate = new();
    private int _spawned;
    private int _terminated;
    private int _requeued;
    private int _failedTasks;
    private int _rateLimited;

    public Guid CycleId => cycleId;
    public IReadOnlyList<ScalingEvent> Events { get { lock (_gate) { return [.. _events]; } } }
    public int Spawned => _spawned;
    public int Terminated => _terminated;
    public int Requeued => _requeued;
    public int FailedTasks => _failedTasks;
    public int RateLimited => _rateLimited;

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
                await TerminateAsync(podId, worker.Id, t.Reason).ConfigureAwait(false);
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

    public async Task TerminateAsync(string podId, string? workerId, string reason)
    {
        var outcome = await cloud.TerminatePodAsync(podId, CancellationToken.None).ConfigureAwait(false);
        Interlocked.Increment(ref _terminated);
        CycleLog.TerminateRequested(logger, podId, workerId, reason, outcome.ToString());
        Add("terminate", workerId, reason, AuditJson.Object(("pod_id", podId), ("outcome", outcome.ToString())));
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
                await TerminateAsync(step.Pod.Id, step.Worker.Id, t.Reason).ConfigureAwait(false);
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
            try
            {
                await TerminateAsync(item.Pod.Id, item.Pod.Name, item.Reason).ConfigureAwait(false);
            }
            catch (OrchestratorException ex)
            {
                CycleLog.ActionFailed(logger, ex, cycleId, "reconcile", item.Pod.Name, ex.Message);
            }
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
