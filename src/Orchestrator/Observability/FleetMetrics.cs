using Orchestrator.Core.Cycle;
using Orchestrator.Core.Decisions;
using Orchestrator.Core.Domain;

namespace Orchestrator.Observability;

/// <summary>
/// Told about every finished cycle: keeps counters (cycles, spawns, terminations, failures by reason)
/// and the last observed fleet, renders them as Prometheus text and answers health. Thread-safe; never throws.
/// </summary>
public sealed class FleetMetrics(TimeProvider time) : ICycleObserver
{
    private const string P = "orchestrator_";
    private readonly Lock _gate = new();
    private readonly FleetMetricsState _state = new();
    private int _wakeUpDelivering = -1; // -1: no listener, or not tested yet

    /// <summary>The NOTIFY wake-up's last test: delivered (1) or not (0: polling only).</summary>
    public void SetWakeUpListener(bool delivering) => Volatile.Write(ref _wakeUpDelivering, delivering ? 1 : 0);

    public void OnCycleCompleted(CycleReport report)
    {
        var at = time.GetUtcNow();
        lock (_gate)
        {
            _state.Record(report, at);
        }
    }

    public CycleHealth Health()
    {
        lock (_gate)
        {
            return new CycleHealth(_state.LastCycleAt, _state.LastSuccessAt, _state.ConsecutiveFailures);
        }
    }

    public string RenderPrometheus()
    {
        var w = new PrometheusWriter();
        lock (_gate)
        {
            WriteCycles(w, _state);
            WriteActions(w, _state);
            if (Volatile.Read(ref _wakeUpDelivering) is var delivering and >= 0)
            {
                w.Single(P + "wakeup_listener_delivering", "gauge", "1 while a test NOTIFY reaches the wake-up's LISTEN; 0: polling only (a transaction pooler: set SUPABASE_DB_LISTEN_URL).", delivering);
            }
            if (_state.LastObserved is { Plan: { } plan, Demand: { } demand })
            {
                WriteFleet(w, plan, demand);
            }
        }
        return w.ToString();
    }

    private static void WriteCycles(PrometheusWriter w, FleetMetricsState s)
    {
        w.Family(P + "cycles_total", "counter", "Control cycles finished, by result (failed = state could not be read, no decision made).")
            .Sample(P + "cycles_total", s.CyclesOk, ("result", "ok"))
            .Sample(P + "cycles_total", s.CyclesFailed, ("result", "failed"));
        w.Family(P + "cycle_duration_seconds", "histogram", "Wall time of control cycles.");
        for (var i = 0; i < FleetMetricsState.DurationBuckets.Length; i++)
        {
            w.Sample(P + "cycle_duration_seconds_bucket", s.DurationBucketCounts[i], ("le", PrometheusWriter.Format(FleetMetricsState.DurationBuckets[i])));
        }
        w.Sample(P + "cycle_duration_seconds_bucket", s.CyclesOk + s.CyclesFailed, ("le", "+Inf"))
            .Sample(P + "cycle_duration_seconds_sum", s.DurationSum)
            .Sample(P + "cycle_duration_seconds_count", s.CyclesOk + s.CyclesFailed);
        w.Single(P + "last_cycle_duration_seconds", "gauge", "Wall time of the last cycle.", s.LastDurationSeconds);
        w.Single(P + "cycle_consecutive_failures", "gauge", "Failed cycles since the last successful one.", s.ConsecutiveFailures);
        if (s.LastSuccessAt is { } ok)
        {
            w.Single(P + "last_cycle_timestamp_seconds", "gauge", "Unix time the last successful cycle finished.", ok.ToUnixTimeMilliseconds() / 1000.0);
        }
    }

    private static void WriteActions(PrometheusWriter w, FleetMetricsState s)
    {
        w.Single(P + "spawns_total", "counter", "Pods created for new workers.", s.Spawns);
        w.Single(P + "requeued_tasks_total", "counter", "Tasks of dead workers put back in the queue.", s.RequeuedTasks);
        w.Single(P + "failed_tasks_total", "counter", "Tasks of dead workers failed past the attempt limit.", s.FailedTasks);
        Labelled(w, P + "terminations_total", "Pod terminations requested, by reason.", s.Terminations);
        Labelled(w, P + "worker_failures_total", "Workers moved to the error state, by reason.", s.WorkerFailures);
        Labelled(w, P + "spawn_failures_total", "Spawns that got no pod, by reason.", s.SpawnFailures);
        Labelled(w, P + "bootstraps_total", "Bootstrap attempts over SSH, by outcome reason.", s.Bootstraps);
        w.Family(P + "worker_transitions_total", "counter", "Worker state changes, by target state and reason.");
        foreach (var ((to, reason), count) in s.Transitions)
        {
            w.Sample(P + "worker_transitions_total", count, ("to", to), ("reason", reason));
        }
    }

    private static void Labelled(PrometheusWriter w, string name, string help, SortedDictionary<string, long> counts)
    {
        w.Family(name, "counter", help);
        foreach (var (reason, count) in counts)
        {
            w.Sample(name, count, ("reason", reason));
        }
    }

    private static void WriteFleet(PrometheusWriter w, CyclePlan plan, DemandSignal demand)
    {
        w.Single(P + "queue_queued", "gauge", "Queued tasks (raw count) at the last observation.", demand.Queued);
        w.Single(P + "queue_claimable", "gauge", "Queued tasks a worker could claim now (the scaling demand).", demand.Claimable);
        w.Single(P + "queue_running", "gauge", "Tasks in progress.", demand.Running);
        w.Family(P + "workers", "gauge", "Workers per orchestrator state at the last observation.");
        foreach (var state in Enum.GetValues<WorkerState>())
        {
            w.Sample(P + "workers", plan.WorkersByState.GetValueOrDefault(state), ("state", state.ToDb()));
        }
        w.Single(P + "desired_workers", "gauge", "Workers the scaling policy wants.", plan.Scaling.Desired);
        w.Single(P + "fleet_cost_per_hour_usd", "gauge", "Hourly cost of the live pods.", (double)plan.SpendPerHour);
        w.Single(P + "breaker_open", "gauge", "1 while the failure breaker blocks spawning.", plan.Breaker.Status == BreakerStatus.Open ? 1 : 0);
    }
}
