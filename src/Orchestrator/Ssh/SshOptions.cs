using Orchestrator.Configuration;

namespace Orchestrator.Ssh;

/// <summary>
/// How the service reaches a pod over SSH (SSH.NET) and where the worker lives on it. Read once at start;
/// every bad value becomes a start-up problem naming the variable.
/// </summary>
public sealed record SshOptions
{
    /// <summary>Private key text [RUNPOD_SSH_PRIVATE_KEY], OpenSSH ed25519 or RSA; parsed in memory, never written to disk.</summary>
    public Secret? PrivateKey { get; init; }

    /// <summary>Private key file [RUNPOD_SSH_PRIVATE_KEY_PATH]; used when <see cref="PrivateKey"/> is not set.</summary>
    public string? PrivateKeyPath { get; init; }

    /// <summary>Passphrase of an encrypted private key [RUNPOD_SSH_PRIVATE_KEY_PASSPHRASE].</summary>
    public Secret? PrivateKeyPassphrase { get; init; }

    /// <summary>Login user on the pod [SSH_USER].</summary>
    public string User { get; init; } = "root";

    /// <summary>TCP connect, handshake, host-key check and authentication, together [SSH_CONNECT_TIMEOUT_SEC].</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest one remote command may run [SSH_COMMAND_TIMEOUT_SEC].</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Keep-alive interval on each pod's connection [SSH_KEEPALIVE_SEC].</summary>
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Key-exchange preference [SSH_KEX]: <c>fast</c> (default) offers mlkem768x25519 (post-quantum, fast) first, then
    /// curve25519, and sntrup761x25519 last; <c>pq</c> keeps SSH.NET's order, where a pod without ML-KEM (OpenSSH before 9.9)
    /// negotiates sntrup761x25519, several times the handshake CPU (see docs/ssh.md).
    /// </summary>
    public string KeyExchange { get; init; } = "fast";

    /// <summary>A pod's connection unused this long is closed; the next call opens a new one [SSH_IDLE_CLOSE_SEC].</summary>
    public TimeSpan IdleClose { get; init; } = TimeSpan.FromMinutes(10);

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
}
