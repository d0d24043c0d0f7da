namespace Orchestrator.Core.Options;

/// <summary>When a worker counts as failed, and what happens then.</summary>
public sealed class HealthOptions
{
    /// <summary>From pod creation to a launched worker [SPAWNING_TIMEOUT_SEC].</summary>
    public TimeSpan BootTimeout { get; set; } = TimeSpan.FromSeconds(600);

    /// <summary>A running pod with no public SSH endpoint after this much uptime is replaced (placed without a public IP) [SSH_ENDPOINT_TIMEOUT_SEC].</summary>
    public TimeSpan SshEndpointTimeout { get; set; } = TimeSpan.FromSeconds(300);

    /// <summary>From launch to the first heartbeat [WORKER_START_TIMEOUT_SEC].</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(600);

    /// <summary>An active worker whose heartbeat is older than this is dead [HEARTBEAT_TIMEOUT_SEC].</summary>
    public TimeSpan HeartbeatTimeout { get; set; } = TimeSpan.FromSeconds(300);

    /// <summary>A non-orchestrator task running longer than this marks its worker stuck [TASK_STUCK_TIMEOUT_SEC].</summary>
    public TimeSpan TaskStuckTimeout { get; set; } = TimeSpan.FromSeconds(1200);

    /// <summary>Wait before terminating an errored worker's pod, for diagnostics [ERROR_CLEANUP_GRACE_PERIOD_SEC]. 0 terminates at once.</summary>
    public TimeSpan ErrorCleanupGrace { get; set; } = TimeSpan.Zero;

    /// <summary>A create whose pod never shows up is given up after this [CREATE_CONFIRM_TIMEOUT_SEC].</summary>
    public TimeSpan CreateConfirmTimeout { get; set; } = TimeSpan.FromSeconds(180);

    /// <summary>A pod with our prefix and no worker row is terminated after this [ORPHAN_POD_GRACE_SEC].</summary>
    public TimeSpan OrphanPodGrace { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Consecutive bad observations (pod missing) before acting [HEALTH_FAILURE_THRESHOLD].</summary>
    public int FailureThreshold { get; set; } = 2;

    /// <summary>Bootstrap attempts on one pod before it is failed [MAX_BOOTSTRAP_ATTEMPTS].</summary>
    public int MaxBootstrapAttempts { get; set; } = 3;

    /// <summary>A task requeued this many times is failed instead [MAX_TASK_ATTEMPTS].</summary>
    public int MaxTaskAttempts { get; set; } = 3;
}
