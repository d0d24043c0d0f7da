using Orchestrator.Configuration;

namespace Orchestrator.Ssh;

/// <summary>
/// How the service reaches a pod over OpenSSH and where the worker lives on it. Read once at start;
/// every bad value becomes a start-up problem naming the variable.
/// </summary>
public sealed record SshOptions
{
    /// <summary>Private key text [RUNPOD_SSH_PRIVATE_KEY]; written to a 0600 file in a private temp directory.</summary>
    public Secret? PrivateKey { get; init; }

    /// <summary>Private key file [RUNPOD_SSH_PRIVATE_KEY_PATH]; used when <see cref="PrivateKey"/> is not set.</summary>
    public string? PrivateKeyPath { get; init; }

    /// <summary>Login user on the pod [SSH_USER].</summary>
    public string User { get; init; } = "root";

    /// <summary>TCP connect and banner timeout [SSH_CONNECT_TIMEOUT_SEC].</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest one remote command may run [SSH_COMMAND_TIMEOUT_SEC].</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Keep-alive probe interval; three missed probes drop the connection [SSH_KEEPALIVE_SEC].</summary>
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The service's own known_hosts file, one pinned key per pod id [SSH_KNOWN_HOSTS_PATH].</summary>
    public string KnownHostsPath { get; init; } = DefaultKnownHostsPath();

    /// <summary>The OpenSSH client binary [SSH_CLIENT_PATH].</summary>
    public string ClientPath { get; init; } = "ssh";

    /// <summary>Where the network volume is mounted on the pod [RUNPOD_VOLUME_MOUNT_PATH].</summary>
    public string VolumeMountPath { get; init; } = "/workspace";

    /// <summary>The Headless-Wan2GP checkout on the pod [HEADLESS_WAN2GP_DIR], default &lt;mount&gt;/Headless-Wan2GP.</summary>
    public string CheckoutDir { get; init; } = "/workspace/Headless-Wan2GP";

    /// <summary>The worker's arguments as a template with <c>${VAR}</c> references [WORKER_LAUNCH_COMMAND]; null means the default.</summary>
    public string? LaunchCommand { get; init; }

    /// <summary>Append <c>--debug</c> to the worker's arguments [WORKER_DEBUG].</summary>
    public bool Debug { get; init; } = true;

    /// <summary>Limit for the <c>git pull</c> before launch; zero skips it [WORKER_GIT_PULL_TIMEOUT_SEC].</summary>
    public TimeSpan GitPullTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Branch pulled before launch [WORKER_GIT_BRANCH].</summary>
    public string GitBranch { get; init; } = "main";

    /// <summary>Wait after the launch before checking the process still lives [WORKER_LAUNCH_CONFIRM_SEC].</summary>
    public TimeSpan LaunchConfirmWait { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Lines of the worker's log fetched on a failed launch and by <c>workers logs</c> [WORKER_LOG_TAIL_LINES].</summary>
    public int LogTailLines { get; init; } = 50;

    public static string DefaultKnownHostsPath() =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state", "gpu-orchestrator", "known_hosts");
}
