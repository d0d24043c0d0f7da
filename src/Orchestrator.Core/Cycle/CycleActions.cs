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
internal sealed class CycleActions(
    Guid cycleId,
    DateTimeOffset now,
    IFleetStore store,
    IGpuCloud cloud,
    IWorkerBootstrapper bootstrapper,
    CycleSettings settings,
    CreateRateLimiter createLimit,
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
            Add("transition", worker.Id, t.Reason, $"{{\"from\":\"{worker.State.ToDb()}\",\"to\":\"{t.To.ToDb()}\"}}");
        }
        return applied;
    }

    private async Task SettleAsync(WorkerView worker, WorkerTransition t)
    {
        var result = await store.RequeueTasksAsync(worker.Id, settings.Health.MaxTaskAttempts, $"worker {worker.Id} {t.Reason}", now, CancellationToken.None).ConfigureAwait(false);
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
        Add("terminate", workerId, reason, $"{{\"pod_id\":\"{podId}\",\"outcome\":\"{outcome}\"}}");
    }

    public async Task BootstrapAsync(IReadOnlyList<PlannedTransition> steps, CancellationToken stop)
    {
        await Parallel.ForEachAsync(steps, Bounded(settings.Cycle.BootstrapParallelism), async (step, _) =>
        {
            if (stop.IsCancellationRequested || step.Pod?.Ssh is null)
            {
                return;
            }
            using var timeout = new CancellationTokenSource(settings.Cycle.BootstrapTimeout);
            BootstrapOutcome outcome;
            try
            {
                outcome = await bootstrapper.BootstrapAsync(new BootstrapTarget(step.Worker.Id, step.Pod.Id, step.Pod.Ssh), timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                outcome = BootstrapOutcome.Failed("bootstrap-timeout", $"exceeded {settings.Cycle.BootstrapTimeout.TotalSeconds:0}s", retryable: true);
            }
            await AfterBootstrapAsync(step, outcome).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    private async Task AfterBootstrapAsync(PlannedTransition step, BootstrapOutcome outcome)
    {
        var t = WorkerLifecycle.AfterBootstrap(step.Worker, outcome, settings.Health);
        CycleLog.Bootstrap(logger, step.Worker.Id, step.Pod!.Id, outcome.Detail is null ? outcome.Reason : $"{outcome.Reason}: {outcome.Detail}");
        Add("bootstrap", step.Worker.Id, outcome.Reason, outcome.Detail is null ? null : AuditJson.Object(("detail", outcome.Detail)));
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

    /// <summary>
    /// Registers each worker before asking for its pod. A capacity miss or a refusal ends this cycle's
    /// spawning; a lost answer leaves the worker requested for the next cycle to find by name. The runaway
    /// guard (<see cref="CreateRateLimiter"/>) holds back whatever exceeds the create rate, whatever was decided.
    /// </summary>
    public async Task SpawnAsync(int count, string reason, IEnumerable<DateTimeOffset> observedCreatedAt, CancellationToken stop)
    {
        var allowed = count > 0 ? createLimit.Allowance(now, observedCreatedAt) : 0;
        if (count > allowed)
        {
            _rateLimited = count - allowed;
            CycleLog.CreateRateLimited(logger, cycleId, count, allowed, createLimit.PerMinute);
            Add("spawn-failed", null, ReasonCodes.CreateRateLimit, AuditJson.Object(
                ("wanted", count.ToString(CultureInfo.InvariantCulture)), ("allowed", allowed.ToString(CultureInfo.InvariantCulture)),
                ("per_minute", createLimit.PerMinute.ToString(CultureInfo.InvariantCulture))));
        }
        for (var i = 0; i < Math.Min(count, allowed) && !stop.IsCancellationRequested; i++)
        {
            var workerId = WorkerIds.New(settings.Cycle.WorkerPrefix, now, settings.Random);
            if (!await SpawnOneAsync(workerId, reason).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    private async Task<bool> SpawnOneAsync(string workerId, string reason)
    {
        var requested = new WorkerView { Id = workerId, State = WorkerState.Requested, StateSince = now, CreatedAt = now };
        try
        {
            await store.RegisterWorkerAsync(new WorkerRegistration(workerId, settings.Cycle.InstanceType, now, cycleId), CancellationToken.None).ConfigureAwait(false);
            createLimit.Record(now);
            var outcome = await cloud.CreatePodAsync(new PodRequest(workerId), CancellationToken.None).ConfigureAwait(false);
            switch (outcome)
            {
                case PodCreateOutcome.Created created:
                    await store.ApplyAsync(new WorkerChange
                    {
                        WorkerId = workerId, From = WorkerState.Requested, To = WorkerState.Spawning, At = now, Reason = ReasonCodes.PodCreated,
                        PodId = created.Pod.Id, GpuType = created.Pod.GpuType, CostPerHour = created.Pod.CostPerHour,
                    }, CancellationToken.None).ConfigureAwait(false);
                    Interlocked.Increment(ref _spawned);
                    CycleLog.Spawned(logger, workerId, created.Pod.Id, created.Pod.GpuType, reason);
                    Add("spawn", workerId, reason, AuditJson.Object(("pod_id", created.Pod.Id), ("gpu_type", created.Pod.GpuType), ("data_center", created.Pod.DataCenter)));
                    return true;
                case PodCreateOutcome.NoCapacity miss:
                    await GiveUpAsync(requested, ReasonCodes.NoCapacity, miss.Detail).ConfigureAwait(false);
                    return false;
                case PodCreateOutcome.Rejected rejected:
                    await GiveUpAsync(requested, $"{ReasonCodes.CreateRejected}:{rejected.Kind}", rejected.Detail).ConfigureAwait(false);
                    return false;
                default:
                    return false;
            }
        }
        catch (OrchestratorException ex)
        {
            CycleLog.SpawnStopped(logger, workerId, $"{ex.Kind}: {ex.Message}; the next cycle reconciles by name");
            Add("spawn-failed", workerId, ex.Kind.ToString(), AuditJson.Object(("error", ex.Message)));
            return false;
        }
    }

    private async Task GiveUpAsync(WorkerView requested, string reason, string detail)
    {
        CycleLog.SpawnStopped(logger, requested.Id, $"{reason}: {detail}");
        Add("spawn-failed", requested.Id, reason, AuditJson.Object(("detail", detail)));
        await StoreAsync(requested, new WorkerTransition(WorkerState.Requested, WorkerState.Terminated, reason, LifecycleAction.None)).ConfigureAwait(false);
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
