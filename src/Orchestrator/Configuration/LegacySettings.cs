using Microsoft.Extensions.Configuration;

namespace Orchestrator.Configuration;

/// <summary>
/// Variables the Python orchestrator read (or listed) that this service does not use, each with why.
/// Set ones are reported at start instead of being ignored silently.
/// </summary>
public static class LegacySettings
{
    public static IReadOnlyDictionary<string, string> Ignored { get; } = new Dictionary<string, string>
    {
        ["TASKS_PER_GPU_THRESHOLD"] = "read but never used by the old service (ratio scaling was removed); demand is one worker per claimable task",
        ["MIN_SCALING_INTERVAL_SEC"] = "read but never enforced by the old service; booting workers count as capacity instead, so there is no double spawn to throttle",
        ["GRACEFUL_SHUTDOWN_TIMEOUT_SEC"] = "never used by the old service; the host's shutdown timeout applies",
        ["SPAWNING_GRACE_PERIOD_SEC"] = "early termination of booting pods is gone: a paid boot is let finish and the idle timeout decides",
        ["SCALE_DOWN_GRACE_PERIOD_SEC"] = "only gated the removed early-termination pass",
        ["SCALE_DOWN_MULTIPLIER"] = "only used by the removed early-termination pass",
        ["GPU_HEALTH_CHECK_TIMEOUT_SEC"] = "used only by dead code in the old service",
        ["FAILSAFE_STALE_THRESHOLD_SEC"] = "listed in env.example but never read; HEARTBEAT_TIMEOUT_SEC and SPAWNING_TIMEOUT_SEC cover it",
        ["AUTO_START_WORKER_PROCESS"] = "the worker is always launched over SSH once the pod runs",
        ["STORAGE_CHECK_INTERVAL_CYCLES"] = "automatic volume expansion is not done (unbounded cost risk)",
        ["STORAGE_MIN_FREE_GB"] = "automatic volume expansion is not done (unbounded cost risk)",
        ["STORAGE_MAX_PERCENT_USED"] = "automatic volume expansion is not done (unbounded cost risk)",
        ["STORAGE_EXPANSION_INCREMENT_GB"] = "automatic volume expansion is not done (unbounded cost risk)",
        ["RUNPOD_RAM_TIER_FALLBACK"] = "replaced by RUNPOD_MEMORY_TIERS (an explicit list)",
        ["ENABLE_DB_LOGGING"] = "logs go to stdout as JSON; decisions go to the orchestrator_events audit table",
        ["DB_LOG_LEVEL"] = "see ENABLE_DB_LOGGING",
        ["DB_LOG_BATCH_SIZE"] = "see ENABLE_DB_LOGGING",
        ["DB_LOG_FLUSH_INTERVAL"] = "see ENABLE_DB_LOGGING",
        ["DB_LOGGING_REQUIRED"] = "see ENABLE_DB_LOGGING",
        ["LOG_FILE"] = "logs go to stdout; the container runtime or journald keeps them",
        ["REPLICATE_API_TOKEN"] = "not injected by default; add it with WORKER_EXTRA_ENV if workers need it",
        ["RUNPOD_INSTANCE_TYPE"] = "a wrong name in the old env.example; use RUNPOD_GPU_TYPE",
        ["RUNPOD_CONTAINER_IMAGE"] = "a wrong name in the old env.example; use RUNPOD_WORKER_IMAGE",
        ["RUNPOD_CONTAINER_DISK_SIZE_GB"] = "a wrong name in the old env.example; use RUNPOD_CONTAINER_DISK_GB",
    };

    public static IReadOnlyList<string> SetButIgnored(IConfiguration configuration) =>
        Ignored.Where(kv => !string.IsNullOrWhiteSpace(configuration[kv.Key]))
            .Select(kv => $"{kv.Key} is set but not used: {kv.Value}")
            .ToList();
}
