using Prometheus;

namespace Orchestrator.Observability;

/// <summary>
/// Every metric /metrics exposes, as prometheus-net collectors on one registry per service instance (so
/// two services in one process, as in the tests, never share counts). Gauges read from an observation are
/// not published before the first one, so a missing value is never shown as zero.
/// </summary>
public sealed class FleetInstruments
{
    private const string P = "orchestrator_";
    private static readonly double[] CycleBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
    private static readonly double[] CallBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
    private static readonly double[] BootstrapBuckets = [1, 5, 10, 30, 60, 120, 300, 600, 900, 1800];
    private static readonly double[] WaitBuckets = [1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600];

    static FleetInstruments() => Metrics.SuppressDefaultMetrics(); // no process-wide default registry listeners: each service has its own registry

    public FleetInstruments()
    {
        var f = Metrics.WithCustomRegistry(Registry);
        Cycles = f.CreateCounter(P + "cycles_total", "Control cycles finished, by result (failed = state could not be read, no decision made).", ["result"]);
        CycleDuration = f.CreateHistogram(P + "cycle_duration_seconds", "Wall time of control cycles.", new HistogramConfiguration { Buckets = CycleBuckets });
        LastCycleDuration = f.CreateGauge(P + "last_cycle_duration_seconds", "Wall time of the last cycle.");
        ConsecutiveFailures = f.CreateGauge(P + "cycle_consecutive_failures", "Failed cycles since the last successful one.");
        LastSuccess = f.CreateGauge(P + "last_cycle_timestamp_seconds", "Unix time the last successful cycle finished.", Suppressed());
        Spawns = f.CreateCounter(P + "spawns_total", "Pods created for new workers.");
        RequeuedTasks = f.CreateCounter(P + "requeued_tasks_total", "Tasks of dead workers put back in the queue.");
        FailedTasks = f.CreateCounter(P + "failed_tasks_total", "Tasks of dead workers failed past the attempt limit.");
        Terminations = f.CreateCounter(P + "terminations_total", "Pod terminations requested, by reason.", ["reason"]);
        WorkerFailures = f.CreateCounter(P + "worker_failures_total", "Workers moved to the error state, by reason.", ["reason"]);
        SpawnFailures = f.CreateCounter(P + "spawn_failures_total", "Spawns that got no pod, by reason.", ["reason"]);
        Bootstraps = f.CreateCounter(P + "bootstraps_total", "Bootstrap attempts over SSH, by outcome reason.", ["reason"]);
        Transitions = f.CreateCounter(P + "worker_transitions_total", "Worker state changes, by target state and reason.", ["to", "reason"]);
        Queued = f.CreateGauge(P + "queue_queued", "Queued tasks (raw count) at the last observation.", Suppressed());
        Claimable = f.CreateGauge(P + "queue_claimable", "Queued tasks a worker could claim now (the scaling demand).", Suppressed());
        Running = f.CreateGauge(P + "queue_running", "Tasks in progress.", Suppressed());
        Workers = f.CreateGauge(P + "workers", "Workers per orchestrator state at the last observation.", Suppressed("state"));
        Desired = f.CreateGauge(P + "desired_workers", "Workers the scaling policy wants.", Suppressed());
        Spend = f.CreateGauge(P + "fleet_cost_per_hour_usd", "Hourly cost of the live pods.", Suppressed());
        SpendCap = f.CreateGauge(P + "spend_cap_per_hour_usd", "The configured cap on the fleet's hourly cost (MAX_HOURLY_SPEND_USD); absent when there is none.", Suppressed());
        BreakerOpen = f.CreateGauge(P + "breaker_open", "1 while the failure breaker blocks spawning.", Suppressed());
        UnownedPods = f.CreateGauge(P + "unowned_pods", "Pods billing without a live worker row at the last observation, by reason (orphan, duplicate, resurrected); each is terminated.", Suppressed("reason"));
        DependencyReadable = f.CreateGauge(P + "dependency_readable", "1 while the dependency was read by the last cycle that reached it, 0 while it is unreadable.", Suppressed("dependency"));
        DependencyUnreadableSince = f.CreateGauge(P + "dependency_unreadable_since_timestamp_seconds", "Unix time of the first failed read since the dependency was last read; 0 while readable.", Suppressed("dependency"));
        CreateRefusals = f.CreateCounter(P + "runpod_create_refusals_total", "Create calls RunPod refused, by reason (contract, unplaceable, balance, forbidden, ratelimited, servererror, auth, invalid).", ["reason"]);
        foreach (var reason in Enum.GetNames<RunPod.CreateRefusal>())
        {
            CreateRefusals.WithLabels(reason.ToLowerInvariant()).Publish(); // every reason from 0, so increase() sees the first one
        }
        WakeUpDelivering = f.CreateGauge(P + "wakeup_listener_delivering", "1 while a test NOTIFY reaches the wake-up's LISTEN; 0: polling only (a transaction pooler: set SUPABASE_DB_LISTEN_URL). Absent without a listener.", Suppressed());
        InsufficientBalance = f.CreateGauge(P + "runpod_insufficient_balance", "1 while RunPod answers creates with 402 (insufficient balance) and spawning is stopped; 0 after a successful create.");
        RunPodCalls = f.CreateHistogram(P + "runpod_request_duration_seconds", "RunPod API calls (retries included), by operation and outcome (ok, not_found or the error kind).",
            new HistogramConfiguration { Buckets = CallBuckets, LabelNames = ["operation", "outcome"] });
        BootstrapDuration = f.CreateHistogram(P + "bootstrap_duration_seconds", "SSH bootstrap attempts (verify and launch), by outcome reason.",
            new HistogramConfiguration { Buckets = BootstrapBuckets, LabelNames = ["outcome"] });
        TaskWait = f.CreateHistogram(P + "task_wait_seconds", "Time tasks waited from queued to claimed by a worker (as first seen running).", new HistogramConfiguration { Buckets = WaitBuckets });
        Cycles.WithLabels("ok");
        Cycles.WithLabels("failed");
        ProcessGauges.Register(Registry, P);
    }

    public CollectorRegistry Registry { get; } = Metrics.NewCustomRegistry();

    public Counter Cycles { get; }
    public Histogram CycleDuration { get; }
    public Gauge LastCycleDuration { get; }
    public Gauge ConsecutiveFailures { get; }
    public Gauge LastSuccess { get; }
    public Counter Spawns { get; }
    public Counter RequeuedTasks { get; }
    public Counter FailedTasks { get; }
    public Counter Terminations { get; }
    public Counter WorkerFailures { get; }
    public Counter SpawnFailures { get; }
    public Counter Bootstraps { get; }
    public Counter Transitions { get; }
    public Gauge Queued { get; }
    public Gauge Claimable { get; }
    public Gauge Running { get; }
    public Gauge Workers { get; }
    public Gauge Desired { get; }
    public Gauge Spend { get; }
    public Gauge SpendCap { get; }
    public Gauge BreakerOpen { get; }
    public Gauge UnownedPods { get; }
    public Gauge DependencyReadable { get; }
    public Gauge DependencyUnreadableSince { get; }
    public Counter CreateRefusals { get; }
    public Gauge InsufficientBalance { get; }
    public Gauge WakeUpDelivering { get; }
    public Histogram RunPodCalls { get; }
    public Histogram BootstrapDuration { get; }
    public Histogram TaskWait { get; }

    /// <summary>The exposition text, as /metrics serves it (tests and the benchmark).</summary>
    public async Task<string> RenderAsync(CancellationToken cancellationToken = default)
    {
        using var stream = new MemoryStream();
        await Registry.CollectAndExportAsTextAsync(stream, cancellationToken).ConfigureAwait(false);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static GaugeConfiguration Suppressed(params string[] labels) => new() { SuppressInitialValue = true, LabelNames = labels };
}
