using Microsoft.Extensions.Configuration;
using Orchestrator.Core.Options;

namespace Orchestrator.Configuration;

/// <summary>
/// Every setting the service reads, validated at start. Names follow the Python orchestrator's
/// environment variables; each also has a .NET path under <c>Orchestrator:</c>.
/// </summary>
public sealed class OrchestratorConfig
{
    public required SupabaseSettings Supabase { get; init; }
    public required ScalingOptions Scaling { get; init; }
    public required HealthOptions Health { get; init; }
    public required BreakerOptions Breaker { get; init; }
    public required CycleOptions Cycle { get; init; }
    public required DemandOptions Demand { get; init; }
    public required LoggingSettings Logging { get; init; }
    public Secret? RunPodApiKey { get; init; }

    /// <summary>
    /// <c>ORCHESTRATOR_BACKEND=memory</c>: the GPU cloud and the SSH bootstrap in memory (no RunPod or SSH
    /// credentials); the store too unless a database URL or Supabase REST is configured.
    /// </summary>
    public bool MemoryBackend { get; init; }

    /// <summary>Legacy variables that are set but have no effect here, with why.</summary>
    public IReadOnlyList<string> IgnoredLegacy { get; init; } = [];

    /// <summary>Reads everything; problems are collected in <paramref name="reader"/>.</summary>
    public static OrchestratorConfig Load(SettingsReader reader) => Load(reader,
        reader.Choice("ORCHESTRATOR_BACKEND", "Orchestrator:Backend", "real", "real", "memory") == "memory");

    private static OrchestratorConfig Load(SettingsReader reader, bool memoryBackend) => new()
    {
        Supabase = SupabaseSettings.Read(reader),
        Scaling = ReadScaling(reader),
        Health = ReadHealth(reader),
        Breaker = ReadBreaker(reader),
        Cycle = ReadCycle(reader, memoryBackend),
        Demand = ReadDemand(reader),
        Logging = LoggingSettings.Read(reader),
        RunPodApiKey = reader.Secret("RUNPOD_API_KEY", "Orchestrator:RunPod:ApiKey"),
        MemoryBackend = memoryBackend,
        IgnoredLegacy = LegacySettings.SetButIgnored(reader.Configuration),
    };

    private static ScalingOptions ReadScaling(SettingsReader r)
    {
        const string s = "Orchestrator:Scaling:";
        var o = new ScalingOptions
        {
            MinActive = r.Int("MIN_ACTIVE_GPUS", s + "MinActive", 2, 0),
            MaxActive = r.Int("MAX_ACTIVE_GPUS", s + "MaxActive", 10, 0),
            WarmBuffer = r.Int("MACHINES_TO_KEEP_IDLE", s + "WarmBuffer", 0, 0),
            IdleTimeout = r.Seconds("GPU_IDLE_TIMEOUT_SEC", s + "IdleTimeoutSec", TimeSpan.FromSeconds(450)),
            OvercapacityIdleTimeout = r.Seconds("GPU_OVERCAPACITY_IDLE_TIMEOUT_SEC", s + "OvercapacityIdleTimeoutSec", TimeSpan.FromSeconds(30)),
            QueuePerBusyWorker = r.Double("SCALE_UP_QUEUE_PER_BUSY", s + "QueuePerBusyWorker", 0.4, 0, 100),
            QuietIdleTimeout = r.Seconds("GPU_IDLE_TIMEOUT_QUIET_SEC", s + "QuietIdleTimeoutSec", TimeSpan.FromSeconds(30)),
            KeepPerExpectedArrival = r.Double("IDLE_KEEP_PER_EXPECTED_ARRIVAL", s + "KeepPerExpectedArrival", 0.6, 0, 100),
            CancelSurplusBoots = r.Bool("CANCEL_SURPLUS_BOOTS", s + "CancelSurplusBoots", true),
            MaxSpawnsPerCycle = r.Int("MAX_SPAWNS_PER_CYCLE", s + "MaxSpawnsPerCycle", 10, 1),
            ScaleUpMultiplier = r.Double("SCALE_UP_MULTIPLIER", s + "ScaleUpMultiplier", 1.0, 0.01, 100),
            MaxHourlySpend = r.Decimal("MAX_HOURLY_SPEND_USD", s + "MaxHourlySpendUsd"),
            Policy = r.Choice("SCALING_POLICY", s + "Policy", "default", "default", "legacy"),
        };
        if (o.MinActive > o.MaxActive)
        {
            r.Problem($"MIN_ACTIVE_GPUS: {o.MinActive} is above MAX_ACTIVE_GPUS {o.MaxActive}");
        }
        if (o.WarmBuffer > o.MaxActive)
        {
            r.Problem($"MACHINES_TO_KEEP_IDLE: {o.WarmBuffer} is above MAX_ACTIVE_GPUS {o.MaxActive}");
        }
        return o;
    }

    private static HealthOptions ReadHealth(SettingsReader r)
    {
        const string s = "Orchestrator:Health:";
        return new HealthOptions
        {
            BootTimeout = r.Seconds("SPAWNING_TIMEOUT_SEC", s + "BootTimeoutSec", TimeSpan.FromSeconds(600), 1),
            StartTimeout = r.Seconds("WORKER_START_TIMEOUT_SEC", s + "StartTimeoutSec", TimeSpan.FromSeconds(600), 1),
            HeartbeatTimeout = r.Seconds("HEARTBEAT_TIMEOUT_SEC", s + "HeartbeatTimeoutSec", TimeSpan.FromSeconds(300), 1),
            TaskStuckTimeout = r.Seconds("TASK_STUCK_TIMEOUT_SEC", s + "TaskStuckTimeoutSec", TimeSpan.FromSeconds(1200), 1),
            ErrorCleanupGrace = r.Seconds("ERROR_CLEANUP_GRACE_PERIOD_SEC", s + "ErrorCleanupGraceSec", TimeSpan.Zero),
            CreateConfirmTimeout = r.Seconds("CREATE_CONFIRM_TIMEOUT_SEC", s + "CreateConfirmTimeoutSec", TimeSpan.FromSeconds(180), 1),
            OrphanPodGrace = r.Seconds("ORPHAN_POD_GRACE_SEC", s + "OrphanPodGraceSec", TimeSpan.FromSeconds(120)),
            FailureThreshold = r.Int("HEALTH_FAILURE_THRESHOLD", s + "FailureThreshold", 2, 1, 100),
            MaxBootstrapAttempts = r.Int("MAX_BOOTSTRAP_ATTEMPTS", s + "MaxBootstrapAttempts", 3, 1, 100),
            MaxTaskAttempts = r.Int("MAX_TASK_ATTEMPTS", s + "MaxTaskAttempts", 3, 1, 100),
        };
    }

    private static BreakerOptions ReadBreaker(SettingsReader r)
    {
        const string s = "Orchestrator:Breaker:";
        return new BreakerOptions
        {
            MaxFailureRate = r.Double("MAX_WORKER_FAILURE_RATE", s + "MaxFailureRate", 0.8, 0, 1),
            Window = r.Minutes("FAILURE_WINDOW_MINUTES", s + "WindowMinutes", TimeSpan.FromMinutes(30)),
            MinSamples = r.Int("MIN_WORKERS_FOR_RATE_CHECK", s + "MinSamples", 5, 1),
            ProbeAfter = r.Seconds("BREAKER_PROBE_AFTER_SEC", s + "ProbeAfterSec", TimeSpan.FromMinutes(5)),
        };
    }

    private static CycleOptions ReadCycle(SettingsReader r, bool memoryBackend)
    {
        const string s = "Orchestrator:Cycle:";
        var prefix = r.String("WORKER_NAME_PREFIX", s + "WorkerPrefix", "gpu-")!;
        if (prefix.Length < 2 || prefix.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            r.Problem($"WORKER_NAME_PREFIX: '{prefix}' must be 2+ characters of letters, digits, '-' or '_'");
        }
        return new CycleOptions
        {
            PollInterval = r.Seconds("ORCHESTRATOR_POLL_SEC", s + "PollIntervalSec", TimeSpan.FromSeconds(30), 1),
            BootstrapParallelism = r.Int("BOOTSTRAP_PARALLELISM", s + "BootstrapParallelism", 20, 1, 64),
            SpawnParallelism = r.Int("SPAWN_PARALLELISM", s + "SpawnParallelism", 8, 1, 64),
            // In memory, pods never run on their own: waiting for them would only hold the cycle.
            PodReadyWait = r.Seconds("SPAWN_BOOTSTRAP_WAIT_SEC", s + "SpawnBootstrapWaitSec", memoryBackend ? TimeSpan.Zero : TimeSpan.FromSeconds(120)),
            PodReadyPoll = r.Seconds("SPAWN_BOOTSTRAP_POLL_SEC", s + "SpawnBootstrapPollSec", TimeSpan.FromSeconds(2), 0.1),
            BootstrapTimeout = r.Seconds("BOOTSTRAP_TIMEOUT_SEC", s + "BootstrapTimeoutSec", TimeSpan.FromSeconds(120), 1),
            WorkerPrefix = prefix,
            InstanceType = r.String("RUNPOD_GPU_TYPE", "Orchestrator:RunPod:GpuType", "NVIDIA GeForce RTX 4090")!.Split(',')[0].Split(':')[0].Trim(),
        };
    }

    private static DemandOptions ReadDemand(SettingsReader r)
    {
        const string s = "Orchestrator:Demand:";
        return new DemandOptions
        {
            Mode = r.Choice("DEMAND_MODE", s + "Mode", "auto", "auto", "reigh", "plain"),
            MaxTaskAge = r.Seconds("DEMAND_MAX_TASK_AGE_SEC", s + "MaxTaskAgeSec", TimeSpan.FromHours(24), 1),
            RunType = r.Choice("DEMAND_RUN_TYPE", s + "RunType", "gpu", "gpu", "api"),
            ArrivalWindow = r.Seconds("DEMAND_ARRIVAL_WINDOW_SEC", s + "ArrivalWindowSec", TimeSpan.FromMinutes(10), 1),
        };
    }
}
