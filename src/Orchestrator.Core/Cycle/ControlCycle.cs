using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Orchestrator.Core.Decisions;
using Orchestrator.Core.Domain;
using Orchestrator.Core.Options;
using Orchestrator.Core.Ports;

namespace Orchestrator.Core.Cycle;

/// <summary>
/// One control cycle: observe → plan → act → record. Reads <c>now</c> once. If the state cannot be
/// read it decides nothing (fail closed). A cancelled token stops new mutations; the ones in flight
/// finish on their own timeouts. A create or terminate that has not answered within <see cref="CycleActions.MutationWait"/>
/// is left in flight (<see cref="InFlight"/>): the cycle ends without it and the mutation records its own outcome when it
/// ends, so a hanging call never holds the loop. <see cref="DrainAsync"/> waits for those at shutdown.
/// </summary>
public sealed class ControlCycle(
    IFleetStore store,
    IGpuCloud cloud,
    IWorkerBootstrapper bootstrapper,
    CyclePlanner planner,
    CycleSettings settings,
    TimeProvider time,
    ILogger<ControlCycle> logger,
    IEnumerable<ICycleObserver>? observers = null)
{
    private readonly ICycleObserver[] _observers = observers?.ToArray() ?? [];
    private readonly CreateRateLimiter _createLimit = new(settings.Scaling.MaxPodCreatesPerMinute);
    private readonly SpotFallback _spotFallback = new();
    private readonly MutationsInFlight _inFlight = new(settings.Cycle.SpawnParallelism + settings.Cycle.TerminateParallelism);

    /// <summary>Whether spot is being refused (on demand until <see cref="SpotFallback.Until"/>), for the status views.</summary>
    public SpotFallback SpotFallback => _spotFallback;

    /// <summary>The creates and terminates that outlived their cycle, and those on the wire.</summary>
    public MutationsInFlight InFlight => _inFlight;

    /// <summary>
    /// Waits until every mutation left in flight by earlier cycles has ended and recorded its outcome (each is bounded by
    /// its own timeout), or until <paramref name="cancellationToken"/> gives up on them (shutdown timeout).
    /// </summary>
    public Task DrainAsync(CancellationToken cancellationToken) => _inFlight.DrainAsync(cancellationToken);

    public async Task<CycleReport> RunOnceAsync(bool dryRun, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var cycleId = Guid.NewGuid();
        var clock = Stopwatch.StartNew();
        FleetSnapshot snapshot;
        try
        {
            snapshot = await ObserveAsync(now, cancellationToken).ConfigureAwait(false);
        }
        catch (OrchestratorException ex)
        {
            CycleLog.CycleSkipped(logger, ex, cycleId, $"{ex.Kind}: {ex.Message}");
            return Notify(new CycleReport { CycleId = cycleId, StartedAt = now, Duration = clock.Elapsed, DryRun = dryRun, Error = $"{ex.Kind}: {ex.Message}",
                UnreadableDependency = ex switch { CloudException => "cloud", StoreException => "store", _ => null } });
        }
        var plan = planner.Plan(snapshot);
        var acts = new CycleActions(cycleId, now, store, cloud, bootstrapper, settings, time, _createLimit, _spotFallback, logger)
        {
            InFlight = _inFlight,
            OnLate = NotifyLate,
        };
        foreach (var reason in plan.Scaling.Reasons)
        {
            CycleLog.Decision(logger, cycleId, reason);
        }
        IReadOnlyList<ScalingEvent> events = [];
        if (!dryRun)
        {
            await ActAsync(plan, snapshot, acts, cancellationToken).ConfigureAwait(false);
            events = acts.CloseEvents();
            await RecordAsync(plan, snapshot, events, cycleId, now).ConfigureAwait(false);
        }
        var report = new CycleReport
        {
            CycleId = cycleId,
            StartedAt = now,
            Duration = clock.Elapsed,
            DryRun = dryRun,
            Demand = snapshot.Demand,
            Paused = snapshot.Paused,
            Plan = plan,
            Events = events,
            // From the events the report closed with: a create or terminate left in flight is counted once, when it ends
            // (ICycleObserver.OnLateActions), whether it ends before or after this line.
            Spawned = events.Count(e => e.Kind == "spawn"),
            Terminated = events.Count(e => e.Kind == "terminate"),
            Requeued = acts.Requeued,
            FailedTasks = acts.FailedTasks,
            RateLimited = acts.RateLimited,
        };
        LogSummary(report);
        return Notify(report);
    }

    /// <summary>Tells the observers what mutations left in flight did after their cycle's report (recorded by then).</summary>
    private void NotifyLate(IReadOnlyList<ScalingEvent> events)
    {
        foreach (var observer in _observers)
        {
            observer.OnLateActions(events);
        }
    }

    private CycleReport Notify(CycleReport report)
    {
        foreach (var observer in _observers)
        {
            observer.OnCycleCompleted(report);
        }
        return report;
    }

    private async Task<FleetSnapshot> ObserveAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Taken before the listing: a create that ends after this may have made a pod the listing does not show.
        var creating = _inFlight.CreatesInFlight();
        var pods = await cloud.ListPodsAsync(cancellationToken).ConfigureAwait(false);
        var observation = await store.ObserveAsync(
            new ObservationRequest(now, pods.Select(p => p.Name).ToList(), OutcomeWindow()),
            cancellationToken).ConfigureAwait(false);
        return new FleetSnapshot
        {
            Now = now,
            Demand = observation.Demand,
            Workers = creating.Count == 0 ? observation.Workers
                : observation.Workers.Select(w => creating.Contains(w.Id) ? w with { CreateInFlight = true } : w).ToList(),
            Pods = pods,
            RecentOutcomes = observation.RecentOutcomes,
            Paused = observation.Paused,
        };
    }

    /// <summary>The breaker's window, or the trailing hour spot interruptions are counted over when that is longer.</summary>
    private TimeSpan OutcomeWindow() =>
        settings.Spot.Enabled && SpotOptions.InterruptionWindow > settings.Breaker.Window ? SpotOptions.InterruptionWindow : settings.Breaker.Window;

    /// <summary>
    /// The plan decided everything up front, so the spawns need nothing from the other steps: they run side by side with
    /// tending the fleet, and a terminate or bootstrap that hangs until its timeout never holds the cycle's creates back.
    /// </summary>
    private async Task ActAsync(CyclePlan plan, FleetSnapshot snapshot, CycleActions acts, CancellationToken stop)
    {
        var capacity = ChooseCapacity(plan, snapshot, acts.CycleId);
        Task SpawnAsync() => acts.SpawnAsync(capacity, plan.Scaling.SpawnReason, snapshot.Workers.Select(w => w.CreatedAt), stop);
        if (settings.Cycle.Sequential)
        {
            await TendAsync(plan, acts, stop).ConfigureAwait(false);
            await SpawnAsync().ConfigureAwait(false);
        }
        else
        {
            await Task.WhenAll(TendAsync(plan, acts, stop), SpawnAsync()).ConfigureAwait(false);
        }
        if (stop.IsCancellationRequested)
        {
            CycleLog.Stopping(logger, acts.CycleId);
        }
    }

    /// <summary>The existing fleet's steps, in order: transitions (and their terminates), bootstraps, stray pods.</summary>
    private static async Task TendAsync(CyclePlan plan, CycleActions acts, CancellationToken stop)
    {
        await acts.ApplyTransitionsAsync(plan.Transitions, stop).ConfigureAwait(false);
        await acts.BootstrapAsync(plan.Transitions.Where(t => t.Transition.Action == LifecycleAction.Bootstrap).ToList(), stop).ConfigureAwait(false);
        await acts.ReconcilePodsAsync(plan.PodsToTerminate, stop).ConfigureAwait(false);
    }

    /// <summary>Spot or on demand for each pod the policy asked for, from the workers left after this cycle's steps.</summary>
    private SpawnCapacity ChooseCapacity(CyclePlan plan, FleetSnapshot snapshot, Guid cycleId)
    {
        var live = plan.Transitions.Where(t => t.Transition.To.IsCapacity()).Select(t => t.Worker).ToList();
        // This cycle's own interruptions count too: their replacements are chosen in the same cycle.
        var outcomes = snapshot.RecentOutcomes.Concat(plan.Transitions
            .Where(t => t.Transition is { ChangesState: true, Outcome: OutcomeKind.Interrupted })
            .Select(t => new WorkerOutcome(t.Worker.Id, OutcomeKind.Interrupted, snapshot.Now, t.Transition.Reason))).ToList();
        var capacity = CapacityChoice.Choose(plan.Scaling.Spawn, live, settings.Scaling.MinActive, settings.Spot, outcomes, _spotFallback.Until, snapshot.Now);
        if (plan.Scaling.Spawn > 0 && settings.Spot.Enabled)
        {
            var spot = capacity.Spot.Count(s => s);
            CycleLog.Capacity(logger, cycleId, spot, capacity.Spot.Count - spot, capacity.Reason);
        }
        return capacity;
    }

    /// <summary>Writes the cycle's decision and every action to the audit table. A failure here is logged, not fatal.</summary>
    private async Task RecordAsync(CyclePlan plan, FleetSnapshot snapshot, IReadOnlyList<ScalingEvent> actions, Guid cycleId, DateTimeOffset now)
    {
        var summary = AuditJson.Cycle(snapshot.Demand, plan);
        var events = actions.Prepend(new ScalingEvent(now, cycleId, "cycle", null, plan.Scaling.SpawnReason is { Length: > 0 } r ? r : "steady", summary)).ToList();
        try
        {
            await store.AppendEventsAsync(events, CancellationToken.None).ConfigureAwait(false);
        }
        catch (OrchestratorException ex)
        {
            CycleLog.ActionFailed(logger, ex, cycleId, "record-events", null, ex.Message);
        }
    }

    private void LogSummary(CycleReport report)
    {
        var plan = report.Plan!;
        var workers = string.Join(", ", plan.WorkersByState.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key.ToDb()} {kv.Value}"));
        CycleLog.CycleCompleted(logger, report.CycleId, (long)report.Duration.TotalMilliseconds,
            report.Demand!.Queued, report.Demand.Claimable, report.Demand.Running, workers.Length == 0 ? "none" : workers,
            plan.Scaling.Desired, plan.Scaling.Capacity, report.Spawned, report.Terminated, report.Requeued,
            plan.Breaker.Status.ToString(), plan.SpendPerHour);
    }
}
