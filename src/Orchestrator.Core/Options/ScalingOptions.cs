namespace Orchestrator.Core.Options;

/// <summary>How many workers to keep. Env names in brackets.</summary>
public sealed class ScalingOptions
{
    /// <summary>Floor of active workers [MIN_ACTIVE_GPUS].</summary>
    public int MinActive { get; set; } = 2;

    /// <summary>Ceiling of live workers, booting included [MAX_ACTIVE_GPUS].</summary>
    public int MaxActive { get; set; } = 10;

    /// <summary>Idle workers to keep warm beyond the busy ones [MACHINES_TO_KEEP_IDLE].</summary>
    public int WarmBuffer { get; set; }

    /// <summary>
    /// An idle worker above the target is terminated after this long without work [GPU_IDLE_TIMEOUT_SEC].
    /// 450 s, about one boot (create → first heartbeat ≈ 8-10 billed minutes); see docs/simulator.md.
    /// </summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(450);

    /// <summary>Legacy policy only: idle timeout while over capacity [GPU_OVERCAPACITY_IDLE_TIMEOUT_SEC].</summary>
    public TimeSpan OvercapacityIdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Default policy: over the target with nothing claimable, terminate pods still booting (newest first) [CANCEL_SURPLUS_BOOTS].</summary>
    public bool CancelSurplusBoots { get; set; } = true;

    /// <summary>Most pods created in one cycle [MAX_SPAWNS_PER_CYCLE].</summary>
    public int MaxSpawnsPerCycle { get; set; } = 10;

    /// <summary>
    /// Default policy: at most this many queued tasks per busy worker are left to the busy workers instead of
    /// buying pods for them; the policy uses min(this, observed boot time ÷ estimated task length)
    /// [SCALE_UP_QUEUE_PER_BUSY]. 0: a pod per queued task (the old behaviour).
    /// </summary>
    public double QueuePerBusyWorker { get; set; } = 0.4;

    /// <summary>
    /// Default policy: a worker idle this long on a GPU type dearer than another live worker of the same kind (spot or
    /// not), typically the floor at night, is replaced: one more pod is bought and, once it is up, the dearest idle
    /// worker goes [REPLACE_DEAR_IDLE_AFTER_SEC]. 0: never. 900 s: cheaper at equal p95 over seeds 1-5 at ceilings 10
    /// and 30; see docs/simulator.md.
    /// </summary>
    public TimeSpan ReplaceDearIdleAfter { get; set; } = TimeSpan.FromSeconds(900);

    /// <summary>
    /// Default policy: no replacement while any worker was created within this long, so a cheaper type out of stock
    /// costs at most one boot per back-off [REPLACE_DEAR_BACKOFF_SEC] (at least 60 s).
    /// </summary>
    public TimeSpan ReplaceDearBackoff { get; set; } = TimeSpan.FromSeconds(1800);

    /// <summary>
    /// Default policy: idle workers beyond what recent arrivals justify go after this short timeout instead of
    /// <see cref="IdleTimeout"/> [GPU_IDLE_TIMEOUT_QUIET_SEC].
    /// </summary>
    public TimeSpan QuietIdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Default policy: idle workers kept for the full <see cref="IdleTimeout"/> per task expected within one boot
    /// time (recent arrival rate × observed boot time), rounded up [IDLE_KEEP_PER_EXPECTED_ARRIVAL]. 0: every idle
    /// worker above the target goes after <see cref="QuietIdleTimeout"/>. 0.3 (was 0.6, before that 2.0): cheaper or equal on every
    /// built-in scenario over seeds 1-5 at ceilings 10 and 30; see docs/simulator.md.
    /// </summary>
    public double KeepPerExpectedArrival { get; set; } = 0.3;

    /// <summary>
    /// Runaway guard: most pod creates (every create call, answered or not) in any 60 s, across cycles and, through
    /// the observed workers' creation times, across restarts and replicas [MAX_POD_CREATES_PER_MINUTE]. Applied when
    /// acting, after every decision, so no bug or bad input can turn into a loop of creates. 20: the default
    /// <see cref="MaxSpawnsPerCycle"/> at the default 30 s poll, so ordinary scale-up never meets it.
    /// </summary>
    public int MaxPodCreatesPerMinute { get; set; } = 20;

    /// <summary>Workers per unit of demand [SCALE_UP_MULTIPLIER].</summary>
    public double ScaleUpMultiplier { get; set; } = 1.0;

    /// <summary>Hard cap on the fleet's summed $/h; no scale-up at or above it [MAX_HOURLY_SPEND_USD]. Null: no cap.</summary>
    public decimal? MaxHourlySpend { get; set; }

    /// <summary><c>default</c> or <c>legacy</c> [SCALING_POLICY].</summary>
    public string Policy { get; set; } = "default";
}
