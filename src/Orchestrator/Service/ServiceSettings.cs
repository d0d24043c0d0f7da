using Orchestrator.Configuration;

namespace Orchestrator.Service;

/// <summary>How <c>run</c> behaves as a service: shutdown, clustering and wake-up on new tasks.</summary>
public sealed class ServiceSettings
{
    /// <summary>How long a stop (SIGTERM/SIGINT) may take before the host gives up waiting [SHUTDOWN_TIMEOUT_SEC].</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a replica records in the database that it is alive; a dead one is taken over after about twice this [ORCHESTRATOR_CLUSTER_CHECKIN_SEC].</summary>
    public TimeSpan ClusterCheckin { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Run a cycle at once when a task is queued (PostgreSQL LISTEN/NOTIFY) [ORCHESTRATOR_WAKE_ON_NOTIFY].</summary>
    public bool WakeOnNotify { get; init; } = true;

    /// <summary>
    /// How long <c>run</c> waits for an unreachable database at start (a container started beside its database, a
    /// restart during a failover) before it gives up with exit 1; 0 gives up at once [DB_STARTUP_WAIT_SEC].
    /// </summary>
    public TimeSpan DatabaseStartupWait { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>This replica's id in the cluster; null generates one (host name and time) [ORCHESTRATOR_INSTANCE_ID].</summary>
    public string? InstanceId { get; init; }

    public static ServiceSettings Read(SettingsReader r)
    {
        const string s = "Orchestrator:Service:";
        var instanceId = r.String("ORCHESTRATOR_INSTANCE_ID", s + "InstanceId");
        if (instanceId is { Length: > 150 })
        {
            r.Problem($"ORCHESTRATOR_INSTANCE_ID: '{instanceId[..20]}...' is longer than 150 characters");
            instanceId = null;
        }
        return new ServiceSettings
        {
            ShutdownTimeout = r.Seconds("SHUTDOWN_TIMEOUT_SEC", s + "ShutdownTimeoutSec", TimeSpan.FromSeconds(30), 1),
            ClusterCheckin = r.Seconds("ORCHESTRATOR_CLUSTER_CHECKIN_SEC", s + "ClusterCheckinSec", TimeSpan.FromSeconds(5), 1),
            DatabaseStartupWait = r.Seconds("DB_STARTUP_WAIT_SEC", s + "DatabaseStartupWaitSec", TimeSpan.FromSeconds(120), 0),
            WakeOnNotify = r.Bool("ORCHESTRATOR_WAKE_ON_NOTIFY", s + "WakeOnNotify", true),
            InstanceId = instanceId,
        };
    }
}
