using System.Globalization;
using Orchestrator.Core.Decisions;
using Orchestrator.Core.Domain;
using Orchestrator.Core.Ports;

namespace Orchestrator.Core.Cycle;

/// <summary>The spawn step: parallel creates under a bound, and each new pod bootstrapped as soon as it runs.</summary>
internal sealed partial class CycleActions
{
    /// <summary>How long the cycle's other creates wait for the first one's answer before going without it.</summary>
    internal static readonly TimeSpan FirstCreateHeadStart = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Registers each worker before asking for its pod. The first create goes alone, then up to
    /// <see cref="Options.CycleOptions.SpawnParallelism"/> are in flight at once. A capacity miss or a refusal stops the creates not yet sent;
    /// a create that ended without a pod (timeout, lost answer, 5xx) leaves its worker requested and marked
    /// <see cref="ReasonCodes.CreateUnresolved"/> for the next cycle's listing to settle by name, and the other creates go on. With <see cref="Options.CycleOptions.PodReadyWait"/> set, each new pod
    /// is bootstrapped the moment the cloud reports it running, in this cycle. The runaway guard
    /// (<see cref="CreateRateLimiter"/>) holds back whatever exceeds the create rate, whatever was decided.
    /// <paramref name="capacity"/> says, per pod, spot or on demand (<see cref="CapacityChoice"/>).
    /// </summary>
    public async Task SpawnAsync(SpawnCapacity capacity, string reason, IEnumerable<DateTimeOffset> observedCreatedAt, CancellationToken stop)
    {
        var count = capacity.Spot.Count;
        var allowed = count > 0 ? createLimit.Allowance(now, observedCreatedAt) : 0;
        if (count > allowed)
        {
            _rateLimited = count - allowed;
            CycleLog.CreateRateLimited(logger, cycleId, count, allowed, createLimit.PerMinute);
            Add("spawn-failed", null, ReasonCodes.CreateRateLimit, AuditJson.Object(
                ("wanted", count.ToString(CultureInfo.InvariantCulture)), ("allowed", allowed.ToString(CultureInfo.InvariantCulture)),
                ("per_minute", createLimit.PerMinute.ToString(CultureInfo.InvariantCulture))));
            count = allowed;
        }
        var ids = Enumerable.Range(0, count).Select(_ => WorkerIds.New(settings.Cycle.WorkerPrefix, now, settings.Random)).ToList();
        var wait = settings.Cycle.PodReadyWait;
        using var watch = new PodReadinessWatch(cloud, time, settings.Cycle.PodReadyPoll, cycleId, logger);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stop);
        deadline.CancelAfter(wait > TimeSpan.Zero ? wait : Timeout.InfiniteTimeSpan);
        using var _ = deadline.Token.Register(watch.Stop);
        using var creates = new SemaphoreSlim(Math.Max(1, settings.Cycle.SpawnParallelism));
        using var bootstraps = new SemaphoreSlim(Math.Max(1, settings.Cycle.BootstrapParallelism));
        var halted = 0;
        async Task SpawnAndBootstrapAsync(string workerId, bool spot, TaskCompletionSource? answered)
        {
            PodInfo? pod = null;
            await creates.WaitAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                if (!stop.IsCancellationRequested && Volatile.Read(ref halted) == 0)
                {
                    var result = await SpawnOneAsync(workerId, reason, spot).ConfigureAwait(false);
                    pod = result.Pod;
                    if (result.Halted)
                    {
                        Interlocked.Exchange(ref halted, 1);
                    }
                }
            }
            finally
            {
                creates.Release();
                answered?.TrySetResult();
            }
            if (pod is not null && wait > TimeSpan.Zero)
            {
                await BootstrapWhenRunningAsync(workerId, pod, watch, bootstraps).ConfigureAwait(false);
            }
        }
        if (ids.Count == 0)
        {
            return;
        }
        // The first create goes alone: a refusal, a capacity miss or a store failing after the create stops the cycle's
        // creates before copies of it go out (a transient failure does not). The rest then go side by side while the first pod boots.
        // A first create that has not answered within FirstCreateHeadStart is hanging, not refused (RunPod refuses at once):
        // the rest go without it rather than wait out its timeout.
        var answered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = SpawnAndBootstrapAsync(ids[0], capacity[0], answered);
        using (var headStart = new CancellationTokenSource())
        {
            await Task.WhenAny(answered.Task, Task.Delay(FirstCreateHeadStart, time, headStart.Token)).ConfigureAwait(false);
            await headStart.CancelAsync().ConfigureAwait(false);
        }
        await Task.WhenAll(ids.Skip(1).Select((id, i) => SpawnAndBootstrapAsync(id, capacity[i + 1], null)).Prepend(first)).ConfigureAwait(false);
    }

    /// <summary>Waits for the new pod to run (null: the wait ended first, a later cycle bootstraps it), then bootstraps it.</summary>
    private async Task BootstrapWhenRunningAsync(string workerId, PodInfo created, PodReadinessWatch watch, SemaphoreSlim bootstraps)
    {
        var running = created is { Status: PodStatus.Running, Ssh: not null } ? created : await watch.WaitAsync(created.Id).ConfigureAwait(false);
        if (running is null)
        {
            return;
        }
        var worker = new WorkerView { Id = workerId, State = WorkerState.Spawning, StateSince = now, CreatedAt = now, PodId = running.Id };
        var step = new PlannedTransition(worker, running, new WorkerTransition(WorkerState.Spawning, WorkerState.Spawning, "pod-running", LifecycleAction.Bootstrap));
        await bootstraps.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            await BootstrapOneAsync(step).ConfigureAwait(false);
        }
        finally
        {
            bootstraps.Release();
        }
    }

    /// <summary>
    /// The created pod; otherwise whether this cycle's other creates should stop (<see cref="SpawnResult.Halt"/>) or go on.
    /// A create that has not ended within <see cref="MutationWait"/> (<see cref="FirstCreateHeadStart"/> when this cycle
    /// would bootstrap its pod) is left in flight: it goes on beside the next cycles, which count its requested worker as
    /// capacity and never settle it from a listing taken while it runs (<see cref="MutationsInFlight.CreatesInFlight"/>),
    /// and it stores its outcome (spawning with the pod, or <see cref="ReasonCodes.CreateUnresolved"/>) when it ends.
    /// </summary>
    private async Task<SpawnResult> SpawnOneAsync(string workerId, string reason, bool spot)
    {
        InFlight.BeginCreate(workerId);
        var create = CreateOneAsync(workerId, reason, spot);
        var wait = settings.Cycle.PodReadyWait > TimeSpan.Zero ? FirstCreateHeadStart : MutationWait;
        return await WaitOrLeaveAsync(create, wait, "create", workerId).ConfigureAwait(false) ? await create.ConfigureAwait(false) : SpawnResult.Failed;
    }

    /// <summary>Registers the worker, creates its pod and stores how that ended; never throws an <see cref="OrchestratorException"/>.</summary>
    private async Task<SpawnResult> CreateOneAsync(string workerId, string reason, bool spot)
    {
        try
        {
            return await RegisterAndCreateAsync(workerId, reason, spot).ConfigureAwait(false);
        }
        finally
        {
            InFlight.EndCreate(workerId);
            await RecordLateAsync().ConfigureAwait(false);
        }
    }

    private async Task<SpawnResult> RegisterAndCreateAsync(string workerId, string reason, bool spot)
    {
        var requested = new WorkerView { Id = workerId, State = WorkerState.Requested, StateSince = now, CreatedAt = now };
        var registered = false;
        try
        {
            await store.RegisterWorkerAsync(new WorkerRegistration(workerId, settings.Cycle.InstanceType, now, cycleId), CancellationToken.None).ConfigureAwait(false);
            registered = true;
            (var outcome, spot) = await CreateAsync(workerId, spot && !spotFallback.IsActive(now)).ConfigureAwait(false);
            switch (outcome)
            {
                case PodCreateOutcome.Created created:
                    await store.ApplyAsync(new WorkerChange
                    {
                        WorkerId = workerId, From = WorkerState.Requested, To = WorkerState.Spawning, At = now, Reason = ReasonCodes.PodCreated,
                        PodId = created.Pod.Id, GpuType = created.Pod.GpuType, CostPerHour = created.Pod.CostPerHour, Spot = spot,
                    }, CancellationToken.None).ConfigureAwait(false);
                    CycleLog.Spawned(logger, workerId, created.Pod.Id, created.Pod.GpuType, reason);
                    Add("spawn", workerId, reason, AuditJson.Object(("pod_id", created.Pod.Id), ("gpu_type", created.Pod.GpuType),
                        ("data_center", created.Pod.DataCenter), ("capacity", spot ? "spot" : "on-demand")));
                    return new SpawnResult(created.Pod, Halted: false);
                case PodCreateOutcome.NoCapacity miss:
                    await GiveUpAsync(requested, ReasonCodes.NoCapacity, miss.Detail).ConfigureAwait(false);
                    return SpawnResult.Halt;
                case PodCreateOutcome.Rejected rejected:
                    await GiveUpAsync(requested, $"{ReasonCodes.CreateRejected}:{rejected.Kind}", rejected.Detail).ConfigureAwait(false);
                    return SpawnResult.Halt;
                case PodCreateOutcome.SpotUnavailable refused: // only answered to a spot create; the on-demand retry cannot get it
                    await GiveUpAsync(requested, ReasonCodes.SpotFallback, refused.Detail).ConfigureAwait(false);
                    return SpawnResult.Halt;
                default:
                    return SpawnResult.Halt;
            }
        }
        catch (CloudException ex) when (registered)
        {
            // The create ended without a pod (a timeout, a lost answer, 5xx to the end, the circuit open) and the adapter's
            // look-up by name found none. Recorded on the row, so the next cycle's listing settles it at once (adopted by
            // name, or given up and replaced) instead of holding it as booting capacity until CREATE_CONFIRM_TIMEOUT_SEC.
            CycleLog.SpawnStopped(logger, workerId, $"{ex.Kind}: {ex.Message}; the next cycle's listing settles it by name");
            Add("spawn-failed", workerId, ex.Kind.ToString(), AuditJson.Object(("error", ex.Message)));
            await MarkUnresolvedAsync(workerId).ConfigureAwait(false);
            // A transient failure says nothing about the other creates (each has its own name): they go on.
            return ex.Kind == ErrorKind.Transient ? SpawnResult.Failed : SpawnResult.Halt;
        }
        catch (OrchestratorException ex)
        {
            CycleLog.SpawnStopped(logger, workerId, $"{ex.Kind}: {ex.Message}; the next cycle reconciles by name");
            Add("spawn-failed", workerId, ex.Kind.ToString(), AuditJson.Object(("error", ex.Message)));
            return SpawnResult.Halt;
        }
    }

    /// <summary>Writes <see cref="ReasonCodes.CreateUnresolved"/> on the requested row; if that fails, the confirm timeout still settles it.</summary>
    private async Task MarkUnresolvedAsync(string workerId)
    {
        try
        {
            await store.ApplyAsync(new WorkerChange
            {
                WorkerId = workerId, From = WorkerState.Requested, To = WorkerState.Requested, At = now, Reason = ReasonCodes.CreateUnresolved,
            }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (OrchestratorException ex)
        {
            CycleLog.ActionFailed(logger, ex, cycleId, "mark-create-unresolved", workerId, ex.Message);
        }
    }

    /// <summary>
    /// One create, and for a spot create that found no spot the same worker again on demand at once (nothing was
    /// created under its name). Returns the outcome and whether the pod is spot. Every create call counts for the runaway guard.
    /// </summary>
    private async Task<(PodCreateOutcome Outcome, bool Spot)> CreateAsync(string workerId, bool spot)
    {
        createLimit.Record(now); // every create call counts, answered, refused or lost
        // The name was generated this cycle and registered just now: nothing can carry it yet, so no look-up first.
        var outcome = await cloud.CreatePodAsync(new PodRequest(workerId, spot, NewName: true), CancellationToken.None).ConfigureAwait(false);
        if (outcome is not PodCreateOutcome.SpotUnavailable refused)
        {
            if (spot && outcome is PodCreateOutcome.Created)
            {
                spotFallback.SpotCreated();
            }
            return (outcome, spot);
        }
        var until = now + settings.Spot.FallbackFor;
        if (spotFallback.Refused(until))
        {
            CycleLog.SpotFallback(logger, workerId, until, refused.Detail);
        }
        else
        {
            CycleLog.SpotStillRefused(logger, workerId, until, refused.Detail);
        }
        Add("spot-fallback", workerId, ReasonCodes.SpotFallback, AuditJson.Object(("detail", refused.Detail), ("on_demand_until", until.ToString("O", CultureInfo.InvariantCulture))));
        createLimit.Record(now);
        return (await cloud.CreatePodAsync(new PodRequest(workerId, Spot: false), CancellationToken.None).ConfigureAwait(false), false);
    }

    private async Task GiveUpAsync(WorkerView requested, string reason, string detail)
    {
        CycleLog.SpawnStopped(logger, requested.Id, $"{reason}: {detail}");
        Add("spawn-failed", requested.Id, reason, AuditJson.Object(("detail", detail)));
        await StoreAsync(requested, new WorkerTransition(WorkerState.Requested, WorkerState.Terminated, reason, LifecycleAction.None)).ConfigureAwait(false);
    }

    /// <summary>One spawn's end: the pod created (or null), and whether the cycle's creates not yet sent should stop.</summary>
    private readonly record struct SpawnResult(PodInfo? Pod, bool Halted)
    {
        public static SpawnResult Halt => new(null, Halted: true);
        public static SpawnResult Failed => new(null, Halted: false);
    }
}
