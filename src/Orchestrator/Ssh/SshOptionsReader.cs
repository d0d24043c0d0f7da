using Orchestrator.Configuration;

namespace Orchestrator.Ssh;

/// <summary>Reads <see cref="SshOptions"/> through <see cref="SettingsReader"/>, collecting every problem.</summary>
public static class SshOptionsReader
{
    private const string S = "Orchestrator:Ssh:";

    /// <param name="requireKey">True for a real run: without a key no pod can be reached.</param>
    public static SshOptions Read(SettingsReader r, bool requireKey)
    {
        var key = r.Secret("RUNPOD_SSH_PRIVATE_KEY", S + "PrivateKey");
        var keyPath = r.String("RUNPOD_SSH_PRIVATE_KEY_PATH", S + "PrivateKeyPath");
        var passphrase = r.Secret("RUNPOD_SSH_PRIVATE_KEY_PASSPHRASE", S + "PrivateKeyPassphrase");
        if (keyPath is not null && key is null)
        {
            keyPath = ExpandHome(keyPath);
            if (!File.Exists(keyPath))
            {
                r.Problem($"RUNPOD_SSH_PRIVATE_KEY_PATH: '{keyPath}' does not exist");
            }
        }
        if (requireKey && key is null && keyPath is null)
        {
            r.Problem("RUNPOD_SSH_PRIVATE_KEY / RUNPOD_SSH_PRIVATE_KEY_PATH: neither is set; pods cannot be reached over SSH");
        }
        var mount = PodPath(r, "RUNPOD_VOLUME_MOUNT_PATH", "Orchestrator:RunPod:VolumeMountPath", "/workspace");
        return new SshOptions
        {
            PrivateKey = key,
            PrivateKeyPath = key is null ? keyPath : null,
            PrivateKeyPassphrase = passphrase,
            User = Word(r, "SSH_USER", S + "User", "root"),
            ConnectTimeout = r.Seconds("SSH_CONNECT_TIMEOUT_SEC", S + "ConnectTimeoutSec", TimeSpan.FromSeconds(10), 1),
            CommandTimeout = r.Seconds("SSH_COMMAND_TIMEOUT_SEC", S + "CommandTimeoutSec", TimeSpan.FromSeconds(60), 1),
            KeepAlive = r.Seconds("SSH_KEEPALIVE_SEC", S + "KeepAliveSec", TimeSpan.FromSeconds(15), 1),
            KeyExchange = r.Choice("SSH_KEX", S + "KeyExchange", "fast", "fast", "pq"),
            IdleClose = r.Seconds("SSH_IDLE_CLOSE_SEC", S + "IdleCloseSec", TimeSpan.FromMinutes(10), 1),
            VolumeMountPath = mount,
            CheckoutDir = PodPath(r, "HEADLESS_WAN2GP_DIR", "Orchestrator:Worker:CheckoutDir", mount.TrimEnd('/') + "/Headless-Wan2GP"),
            LaunchCommand = r.String("WORKER_LAUNCH_COMMAND", "Orchestrator:Worker:LaunchCommand"),
            Debug = r.Bool("WORKER_DEBUG", "Orchestrator:Worker:Debug", true),
            GitPullTimeout = r.Seconds("WORKER_GIT_PULL_TIMEOUT_SEC", "Orchestrator:Worker:GitPullTimeoutSec", TimeSpan.FromSeconds(30)),
            GitBranch = Word(r, "WORKER_GIT_BRANCH", "Orchestrator:Worker:GitBranch", "main"),
            LaunchConfirmWait = r.Seconds("WORKER_LAUNCH_CONFIRM_SEC", "Orchestrator:Worker:LaunchConfirmSec", TimeSpan.FromSeconds(3)),
            LogTailLines = r.Int("WORKER_LOG_TAIL_LINES", "Orchestrator:Worker:LogTailLines", 50, 1, 10_000),
        };
    }

    private static string PodPath(SettingsReader r, string env, string path, string fallback)
    {
        var value = r.Raw(env, path);
        if (value is null)
        {
            return fallback;
        }
        if (!value.Value.Value.StartsWith('/') || value.Value.Value.Any(char.IsControl))
        {
            r.Problem($"{value.Value.Name}: '{value.Value.Value}' must be an absolute path on the pod");
            return fallback;
        }
        return value.Value.Value.Length > 1 ? value.Value.Value.TrimEnd('/') : value.Value.Value;
    }

    private static string Word(SettingsReader r, string env, string path, string fallback)
    {
        var value = r.String(env, path, fallback)!;
        if (value.Length == 0 || value.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/')) || value.StartsWith('-'))
        {
            r.Problem($"{env}: '{value}' must be letters, digits, '-', '_', '.' or '/'");
            return fallback;
        }
        return value;
    }

    private static string ExpandHome(string path) =>
        path.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path[2..])
            : path;
}
