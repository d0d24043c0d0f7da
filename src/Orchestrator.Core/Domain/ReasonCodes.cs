namespace Orchestrator.Core.Domain;

/// <summary>Stable reason codes written to the audit table and logs.</summary>
public static class ReasonCodes
{
    public const string ScaleUpDemand = "scale-up-demand";
    public const string ScaleUpFloor = "scale-up-floor";
    public const string ScaleUpBuffer = "scale-up-buffer";
    /// <summary>An idle worker kept warm for the recent arrivals, let go after the full idle timeout.</summary>
    public const string IdleTimeout = "idle-timeout";
    /// <summary>An idle worker beyond what recent arrivals justify, let go after the short (quiet) timeout.</summary>
    public const string IdleSurplus = "idle-surplus";
    /// <summary>Legacy policy: an idle worker over the target, let go after the over-capacity timeout.</summary>
    public const string IdleOverCapacity = "idle-over-capacity";
    /// <summary>A pod still booting that nobody needs any more (nothing claimable, capacity over the target).</summary>
    public const string SurplusBootCancelled = "surplus-boot-cancelled";
    public const string OperatorDrain = "operator-drain";
    public const string PodFoundByName = "pod-found-by-name";
    public const string PodCreated = "pod-created";
    public const string CreateNotConfirmed = "create-not-confirmed";
    /// <summary>
    /// Marks a requested worker whose create call ended without a pod (a timeout, a lost answer, 5xx to the end) and
    /// whose look-up by name right after found none. Written on the requested row; the worker stays capacity until the
    /// next cycle's listing decides (<see cref="CreateFailed"/> or adopted by name).
    /// </summary>
    public const string CreateUnresolved = "create-unresolved";
    /// <summary>A create that ended without a pod, and a listing taken after it ended shows none under the name: given up at once.</summary>
    public const string CreateFailed = "create-failed";
    public const string NoCapacity = "no-capacity";
    /// <summary>The runaway guard held spawns back: MAX_POD_CREATES_PER_MINUTE creates in the last 60 s.</summary>
    public const string CreateRateLimit = "create-rate-limit";
    public const string CreateRejected = "create-rejected";
    /// <summary>A spot pod the cloud interrupted (RunPod shows it exited): its tasks are requeued without spending an attempt.</summary>
    public const string SpotInterrupted = "spot-interrupted";
    /// <summary>A spot create refused (no spot stock, bid too low): this worker and the next ones go on demand for RUNPOD_SPOT_FALLBACK_SEC.</summary>
    public const string SpotFallback = "spot-fallback";
    public const string PodVanished = "pod-vanished";
    /// <summary>The pod is dead (exited, failed, unknown status); written as <c>pod-dead:&lt;status&gt;</c>, e.g. <c>pod-dead:error</c>.</summary>
    public const string PodDead = "pod-dead";
    /// <summary>The pod ran for <c>SshEndpointTimeout</c> without a public port 22 (placed without a public IP).</summary>
    public const string NoSshEndpoint = "no-ssh-endpoint";
    public const string BootTimeout = "boot-timeout";
    public const string StartTimeout = "start-timeout";
    public const string BootstrapFailed = "bootstrap-failed";
    public const string Launched = "launched";
    public const string FirstHeartbeat = "first-heartbeat";
    public const string HeartbeatStale = "heartbeat-stale";
    public const string TaskStuck = "task-stuck";
    public const string WorkerCrashed = "worker-crashed";
    public const string WorkerSelfTerminated = "worker-self-terminated";
    public const string Fenced = "fenced";
    public const string OrphanPod = "orphan-pod";
    public const string ResurrectedPod = "resurrected-pod";
    public const string DuplicatePod = "duplicate-pod";
}
