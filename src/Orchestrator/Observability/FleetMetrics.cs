using System.Text.Json;
using Orchestrator.Core.Cycle;
using Orchestrator.Core.Decisions;
using Orchestrator.Core.Domain;
using Orchestrator.Core.Ports;
using Orchestrator.RunPod;

namespace Orchestrator.Observability;

/// <summary>
/// Told about every finished cycle and every RunPod call: updates the <see cref="FleetInstruments"/>,
/// keeps the cycle health and which dependency is unreadable since when. Thread-safe; never throws.
/// </summary>
public sealed class FleetMetrics(TimeProvider time, decimal? spendCap = null) : ICycleObserver, IRunPodCallObserver
{
    private readonly Lock _gate = new();
    private readonly HashSet<Guid> _seenRunning = [];
    private DateTimeOffset? _lastCycleAt;
    private DateTimeOffset? _lastSuccessAt;
    private int _consecutiveFailures;

    public FleetInstruments Instruments { get; } = NewInstruments(spendCap);

    /// <summary>The store and the RunPod API: readable or not, and since when.</summary>
    public DependencyWatch Dependencies { get; } = new();

    /// <summary>The last cycles, for the status page.</summary>
    public StatusBoard Board { get; } = new();

    /// <summary>MAX_HOURLY_SPEND, when set.</summary>
    public decimal? SpendCap => spendCap;

    /// <summary>The NOTIFY wake-up's last test: delivered (1) or not (0: polling only, e.g. through a transaction pooler).</summary>
    public void SetWakeUpListener(bool delivering) => Instruments.WakeUpDelivering.Set(delivering ? 1 : 0);

    public void OnCycleCompleted(CycleReport report)
    {
        var at = time.GetUtcNow();
        lock (_gate)
        {
            _lastCycleAt = at;
            Dependencies.Record(report, at);
            Instruments.CycleDuration.Observe(report.Duration.TotalSeconds);
            Instruments.LastCycleDuration.Set(report.Duration.TotalSeconds);
            if (!report.Succeeded)
            {
                Instruments.Cycles.WithLabels("failed").Inc();
                Instruments.ConsecutiveFailures.Set(++_consecutiveFailures);
            }
            else
            {
                RecordSuccess(report, at);
            }
            Dependencies.Export(Instruments);
        }
        Board.Record(report);
    }

    /// <summary>A create or terminate left in flight ended after its cycle's report: counted as the report's would have been.</summary>
    public void OnLateActions(IReadOnlyList<ScalingEvent> events)
    {
        lock (_gate)
        {
            foreach (var e in events)
            {
                Count(e);
            }
        }
    }

    /// <summary>A RunPod call ended: <paramref name="outcome"/> is ok, not_found or the error kind.</summary>
    public void OnCallCompleted(string operation, string outcome, TimeSpan duration) =>
        Instruments.RunPodCalls.WithLabels(operation, outcome).Observe(duration.TotalSeconds);

    public void OnCreateRefused(string reason, bool balanceBlocked)
    {
        Instruments.CreateRefusals.WithLabels(reason).Inc();
        Instruments.InsufficientBalance.Set(balanceBlocked ? 1 : 0);
    }

    public void OnCreated() => Instruments.InsufficientBalance.Set(0);

    public CycleHealth Health()
    {
        lock (_gate)
        {
            return new CycleHealth(_lastCycleAt, _lastSuccessAt, _consecutiveFailures);
        }
    }

    public Task<string> RenderAsync(CancellationToken cancellationToken = default) => Instruments.RenderAsync(cancellationToken);

    private void RecordSuccess(CycleReport report, DateTimeOffset at)
    {
        var m = Instruments;
        m.Cycles.WithLabels("ok").Inc();
        _consecutiveFailures = 0;
        m.ConsecutiveFailures.Set(0);
        _lastSuccessAt = at;
        m.LastSuccess.Set(at.ToUnixTimeMilliseconds() / 1000.0);
        m.RequeuedTasks.Inc(report.Requeued);
        m.FailedTasks.Inc(report.FailedTasks);
        foreach (var e in report.Events)
        {
            Count(e);
        }
        if (report.Plan is { } plan && report.Demand is { } demand)
        {
            SetFleet(plan, demand);
        }
    }

    private void SetFleet(CyclePlan plan, DemandSignal demand)
    {
        var m = Instruments;
        m.Queued.Set(demand.Queued);
        m.Claimable.Set(demand.Claimable);
        m.Running.Set(demand.Running);
        foreach (var state in Enum.GetValues<WorkerState>())
        {
            m.Workers.WithLabels(state.ToDb()).Set(plan.WorkersByState.GetValueOrDefault(state));
        }
        m.Desired.Set(plan.Scaling.Desired);
        m.Spend.Set((double)plan.SpendPerHour);
        m.BreakerOpen.Set(plan.Breaker.Status == BreakerStatus.Open ? 1 : 0);
        foreach (var reason in new[] { ReasonCodes.OrphanPod, ReasonCodes.DuplicatePod, ReasonCodes.ResurrectedPod })
        {
            m.UnownedPods.WithLabels(reason).Set(plan.PodsToTerminate.Count(p => p.Reason == reason));
        }
        ObserveTaskWaits(plan);
    }

    /// <summary>Each running task once, when first seen: its wait from queued to claimed (when the store reports when it was queued).</summary>
    private void ObserveTaskWaits(CyclePlan plan)
    {
        var running = plan.Transitions.Select(t => t.Worker.OldestRunningTask).OfType<RunningTaskInfo>().ToList();
        foreach (var task in running.Where(t => t.QueuedAt is not null && _seenRunning.Add(t.TaskId)))
        {
            Instruments.TaskWait.Observe(Math.Max(0, (task.StartedAt - task.QueuedAt!.Value).TotalSeconds));
        }
        _seenRunning.IntersectWith(running.Select(t => t.TaskId)); // forget finished tasks: the set stays as small as the fleet
    }

    private void Count(ScalingEvent e)
    {
        var reason = ReasonCode(e.Reason);
        var m = Instruments;
        switch (e.Kind)
        {
            case "spawn":
                m.Spawns.Inc(); // the report's Spawned is the count of these events
                break;
            case "terminate":
                m.Terminations.WithLabels(reason).Inc();
                break;
            case "spawn-failed":
                m.SpawnFailures.WithLabels(reason).Inc();
                break;
            case "bootstrap":
                m.Bootstraps.WithLabels(reason).Inc();
                if (Detail(e.DetailsJson, "duration_s") is { ValueKind: JsonValueKind.Number } seconds)
                {
                    m.BootstrapDuration.WithLabels(reason).Observe(seconds.GetDouble());
                }
                break;
            case "transition":
                var to = Detail(e.DetailsJson, "to")?.GetString() ?? "unknown";
                m.Transitions.WithLabels(to, reason).Inc();
                if (to == "error")
                {
                    m.WorkerFailures.WithLabels(reason).Inc();
                }
                break;
        }
    }

    /// <summary>
    /// The stable reason code only: "heartbeat-stale:180s" and "task-stuck:&lt;task id&gt;" carry details
    /// that would make a new series per value; the details stay in the logs and the audit table.
    /// </summary>
    public static string ReasonCode(string reason)
    {
        var colon = reason.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 ? reason[..colon] : reason;
    }

    private static JsonElement? Detail(string? detailsJson, string key)
    {
        if (detailsJson is null)
        {
            return null;
        }
        try
        {
            using var doc = JsonDocument.Parse(detailsJson);
            return doc.RootElement.TryGetProperty(key, out var value) ? value.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static FleetInstruments NewInstruments(decimal? spendCap)
    {
        var instruments = new FleetInstruments();
        if (spendCap is { } cap)
        {
            instruments.SpendCap.Set((double)cap);
        }
        return instruments;
    }
}
