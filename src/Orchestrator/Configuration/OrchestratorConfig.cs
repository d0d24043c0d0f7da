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
    /// <summary>Spot capacity [RUNPOD_SPOT, RUNPOD_SPOT_MAX_INTERRUPTIONS_PER_HOUR, RUNPOD_SPOT_FALLBACK_SEC]; the bid is RunPod's (RUNPOD_BID_PER_GPU).</summary>
    public SpotOptions Spot { get; init; } = new();
    public required LoggingSettings Logging { get; init; }
    public Secret? RunPodApiKey { get; init; }

    /// <summary>
    /// Every secret above, for the log redactor. Listed by hand (the native build cannot walk properties by
    /// reflection); <c>SecretRedactorTests</c> walks them in the tests and fails when a new secret is missing here.
    /// </summary>
    public IEnumerable<Secret> Secrets =>
        new[] { RunPodApiKey, Supabase.ServiceRoleKey, Supabase.AnonKey, Supabase.DbConnectionString, Supabase.ListenConnectionString }.OfType<Secret>();

    /// <summary>Legacy variables that are set but have no effect here, with why.</summary>
    public IReadOnlyList<string> IgnoredLegacy { get; init; } = [];

    /// <summary>Reads everything; problems are collected in <paramref name="reader"/>.</summary>
    public static OrchestratorConfig Load(SettingsReader reader) => new()
    {
        Supabase = SupabaseSettings.Read(reader),
        Scaling = ReadScaling(reader),
        Health = ReadHealth(reader),
        Breaker = ReadBreaker(reader),
        Cycle = ReadCycle(reader),
        Demand = ReadDemand(reader),
        Spot = ReadSpot(reader),
        Logging = LoggingSettings.Read(reader),
        RunPodApiKey = reader.Secret("RUNPOD_API_KEY", "Orchestrator:RunPod:ApiKey"),
        IgnoredLegacy = LegacySettings.SetButIgnored(reader.Configuration),
    };

    private static ScalingOptions ReadScaling(SettingsReader r)
    {
        const string s = "Orchestrator:Scaling:";
        var d = new ScalingOptions(); // the defaults, written once (in the options class)
        var o = new ScalingOptions
        {
            MinActive = r.Int("MIN_ACTIVE_GPUS", s + "MinActive", d.MinActive, 0),
            MaxActive = r.Int("MAX_ACTIVE_GPUS", s + "MaxActive", d.MaxActive, 0),
            WarmBuffer = r.Int("MACHINES_TO_KEEP_IDLE", s + "WarmBuffer", d.WarmBuffer, 0),
            IdleTimeout = r.Seconds("GPU_IDLE_TIMEOUT_SEC", s + "IdleTimeoutSec", d.IdleTimeout),
            OvercapacityIdleTimeout = r.Seconds("GPU_OVERCAPACITY_IDLE_TIMEOUT_SEC", s + "OvercapacityIdleTimeoutSec", d.OvercapacityIdleTimeout),
            QueuePerBusyWorker = r.Double("SCALE_UP_QUEUE_PER_BUSY", s + "QueuePerBusyWorker", d.QueuePerBusyWorker, 0, 100),
            ReplaceDearIdleAfter = r.Seconds("REPLACE_DEAR_IDLE_AFTER_SEC", s + "ReplaceDearIdleAfterSec", d.ReplaceDearIdleAfter),
            ReplaceDearBackoff = r.Seconds("REPLACE_DEAR_BACKOFF_SEC", s + "ReplaceDearBackoffSec", d.ReplaceDearBackoff, 60),
            QuietIdleTimeout = r.Seconds("GPU_IDLE_TIMEOUT_QUIET_SEC", s + "QuietIdleTimeoutSec", d.QuietIdleTimeout),
            KeepPerExpectedArrival = r.Double("IDLE_KEEP_PER_EXPECTED_ARRIVAL", s + "KeepPerExpectedArrival", d.KeepPerExpectedArrival, 0, 100),
            CancelSurplusBoots = r.Bool("CANCEL_SURPLUS_BOOTS", s + "CancelSurplusBoots", d.CancelSurplusBoots),
            MaxSpawnsPerCycle = r.Int("MAX_SPAWNS_PER_CYCLE", s + "MaxSpawnsPerCycle", d.MaxSpawnsPerCycle, 1),
            MaxPodCreatesPerMinute = r.Int("MAX_POD_CREATES_PER_MINUTE", s + "MaxPodCreatesPerMinute", d.MaxPodCreatesPerMinute, 1, 1000),
            ScaleUpMultiplier = r.Double("SCALE_UP_MULTIPLIER", s + "ScaleUpMultiplier", d.ScaleUpMultiplier, 0.01, 100),
            MaxHourlySpend = r.Decimal("MAX_HOURLY_SPEND_USD", s + "MaxHourlySpendUsd"),
            Policy = r.Choice("SCALING_POLICY", s + "Policy", d.Policy, "default", "legacy"),
        };
        foreach (var failure in new ScalingOptionsValidator().Validate(null, o).Failures ?? [])
        {
            r.Problem(failure);
        }
        return o;
    }

    private static SpotOptions ReadSpot(SettingsReader r)
    {
        const string s = "Orchestrator:Spot:";
        var d = new SpotOptions();
        var mode = d.Mode;
        if (r.Raw("RUNPOD_SPOT", s + "Mode") is { } raw)
        {
            mode = raw.Value.ToLowerInvariant() switch
            {
                "false" or "0" or "no" or "off" => SpotMode.Off,
                "true" or "1" or "yes" or "on" => SpotMode.Always,
                "mixed" => SpotMode.Mixed,
                _ => Bad(raw),
            };
        }
        return new SpotOptions
        {
            Mode = mode,
            MaxInterruptionsPerHour = r.Int("RUNPOD_SPOT_MAX_INTERRUPTIONS_PER_HOUR", s + "MaxInterruptionsPerHour", d.MaxInterruptionsPerHour, 1, 10_000),
            FallbackFor = r.Seconds("RUNPOD_SPOT_FALLBACK_SEC", s + "FallbackSec", d.FallbackFor, 1),
        };

        SpotMode Bad((string Value, string Name) raw)
        {
            r.Problem($"{raw.Name}: '{raw.Value}' is not false, true or mixed (mixed: on demand for MIN_ACTIVE_GPUS, spot above it)");
            return d.Mode;
        }
    }

    private static HealthOptions ReadHealth(SettingsReader r)
    {
        const string s = "Orchestrator:Health:";
        var d = new HealthOptions();
        return new HealthOptions
        {
            BootTimeout = r.Seconds("SPAWNING_TIMEOUT_SEC", s + "BootTimeoutSec", d.BootTimeout, 1),
            StartTimeout = r.Seconds("WORKER_START_TIMEOUT_SEC", s + "StartTimeoutSec", d.StartTimeout, 1),
            HeartbeatTimeout = r.Seconds("HEARTBEAT_TIMEOUT_SEC", s + "HeartbeatTimeoutSec", d.HeartbeatTimeout, 1),
            TaskStuckTimeout = r.Seconds("TASK_STUCK_TIMEOUT_SEC", s + "TaskStuckTimeoutSec", d.TaskStuckTimeout, 1),
            ErrorCleanupGrace = r.Seconds("ERROR_CLEANUP_GRACE_PERIOD_SEC", s + "ErrorCleanupGraceSec", d.ErrorCleanupGrace),
            CreateConfirmTimeout = r.Seconds("CREATE_CONFIRM_TIMEOUT_SEC", s + "CreateConfirmTimeoutSec", d.CreateConfirmTimeout, 1),
            OrphanPodGrace = r.Seconds("ORPHAN_POD_GRACE_SEC", s + "OrphanPodGraceSec", d.OrphanPodGrace),
            SshEndpointTimeout = r.Seconds("SSH_ENDPOINT_TIMEOUT_SEC", s + "SshEndpointTimeoutSec", d.SshEndpointTimeout, 1),
            FailureThreshold = r.Int("HEALTH_FAILURE_THRESHOLD", s + "FailureThreshold", d.FailureThreshold, 1, 100),
            MaxBootstrapAttempts = r.Int("MAX_BOOTSTRAP_ATTEMPTS", s + "MaxBootstrapAttempts", d.MaxBootstrapAttempts, 1, 100),
            MaxTaskAttempts = r.Int("MAX_TASK_ATTEMPTS", s + "MaxTaskAttempts", d.MaxTaskAttempts, 1, 100),
        };
    }

    private static BreakerOptions ReadBreaker(SettingsReader r)
    {
        const string s = "Orchestrator:Breaker:";
        var d = new BreakerOptions();
        return new BreakerOptions
        {
            MaxFailureRate = r.Double("MAX_WORKER_FAILURE_RATE", s + "MaxFailureRate", d.MaxFailureRate, 0, 1),
            Window = r.Minutes("FAILURE_WINDOW_MINUTES", s + "WindowMinutes", d.Window),
            MinSamples = r.Int("MIN_WORKERS_FOR_RATE_CHECK", s + "MinSamples", d.MinSamples, 1),
            ProbeAfter = r.Seconds("BREAKER_PROBE_AFTER_SEC", s + "ProbeAfterSec", d.ProbeAfter),
        };
    }

    private static CycleOptions ReadCycle(SettingsReader r)
    {
        const string s = "Orchestrator:Cycle:";
        var d = new CycleOptions();
        var prefix = r.String("WORKER_NAME_PREFIX", s + "WorkerPrefix", d.WorkerPrefix)!;
        if (prefix.Length < 2 || prefix.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            r.Problem($"WORKER_NAME_PREFIX: '{prefix}' must be 2+ characters of letters, digits, '-' or '_'");
        }
        return new CycleOptions
        {
            PollInterval = r.Seconds("ORCHESTRATOR_POLL_SEC", s + "PollIntervalSec", d.PollInterval, 1),
            BootstrapParallelism = r.Int("BOOTSTRAP_PARALLELISM", s + "BootstrapParallelism", d.BootstrapParallelism, 1, 64),
            SpawnParallelism = r.Int("SPAWN_PARALLELISM", s + "SpawnParallelism", d.SpawnParallelism, 1, 64),
            PodReadyWait = r.Seconds("SPAWN_BOOTSTRAP_WAIT_SEC", s + "SpawnBootstrapWaitSec", CycleOptions.ServicePodReadyWait),
            PodReadyPoll = r.Seconds("SPAWN_BOOTSTRAP_POLL_SEC", s + "SpawnBootstrapPollSec", d.PodReadyPoll, 0.1),
            BootstrapTimeout = r.Seconds("BOOTSTRAP_TIMEOUT_SEC", s + "BootstrapTimeoutSec", d.BootstrapTimeout, 1),
            WorkerPrefix = prefix,
            InstanceType = r.String("RUNPOD_GPU_TYPE", "Orchestrator:RunPod:GpuType", d.InstanceType)!.Split(',')[0].Split(':')[0].Trim(),
        };
    }

    private static DemandOptions ReadDemand(SettingsReader r)
    {
        const string s = "Orchestrator:Demand:";
        var d = new DemandOptions();
        return new DemandOptions
        {
            Mode = r.Choice("DEMAND_MODE", s + "Mode", d.Mode, "auto", "reigh", "plain"),
            MaxTaskAge = r.Seconds("DEMAND_MAX_TASK_AGE_SEC", s + "MaxTaskAgeSec", d.MaxTaskAge, 1),
            RunType = r.Choice("DEMAND_RUN_TYPE", s + "RunType", d.RunType, "gpu", "api"),
            ArrivalWindow = r.Seconds("DEMAND_ARRIVAL_WINDOW_SEC", s + "ArrivalWindowSec", d.ArrivalWindow, 1),
        };
    }
}
