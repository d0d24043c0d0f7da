using Orchestrator.Ssh;

namespace Orchestrator.Service.Checks;

/// <summary>
/// The SSH private key the bootstrapper will use: readable, not open to group or others when given as a
/// path (OpenSSH refuses such keys), and parseable by <c>ssh-keygen -y</c> without a passphrase, run on the
/// file <see cref="SshKeyFile"/> hands the client; and the known_hosts directory is writable. Prints the
/// key's type and SHA256 fingerprint, never the key.
/// </summary>
public sealed class SshKeyCheck(SshOptions options, SshKeyFile keyFile) : IStartupCheck
{
    public string Name => "ssh-key";

    public int Order => 30;

    public async Task<StartupCheckResult> RunAsync(CancellationToken cancellationToken)
    {
        var source = options.PrivateKey is not null ? "RUNPOD_SSH_PRIVATE_KEY" : $"RUNPOD_SSH_PRIVATE_KEY_PATH '{options.PrivateKeyPath}'";
        if (options.PrivateKey is null && PathProblem(options.PrivateKeyPath) is { } problem)
        {
            return StartupCheckResult.Fail($"{source} {problem}");
        }
        string path;
        try
        {
            path = keyFile.Path ?? throw new IOException("no key is configured");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            return StartupCheckResult.Fail($"{source}: could not write the key file: {ex.Message}");
        }
        var parsed = await SshKeyProbe.PublicKeyAsync(KeygenPath(), path, cancellationToken).ConfigureAwait(false);
        if (parsed.Error is not null)
        {
            return StartupCheckResult.Fail($"{source} does not parse as an unencrypted OpenSSH private key: {parsed.Error}");
        }
        if (SshKeyProbe.WritableDirectoryProblem(options.KnownHostsPath) is { } hosts)
        {
            return StartupCheckResult.Fail($"key {parsed.Summary} is fine, but SSH_KNOWN_HOSTS_PATH '{options.KnownHostsPath}': {hosts}");
        }
        return StartupCheckResult.Pass($"{source}: {parsed.Summary}; known_hosts {options.KnownHostsPath} (directory writable)");
    }

    /// <summary>Null when the file exists, is readable and is private to its owner.</summary>
    private static string? PathProblem(string? path)
    {
        if (path is null || !File.Exists(path))
        {
            return "does not exist";
        }
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            if ((mode & SshKeyProbe.GroupOrOther) != 0)
            {
                return $"is mode {SshKeyProbe.Octal(mode)}: open to group or others, which OpenSSH refuses; run chmod 600 on it";
            }
        }
        try
        {
            using var _ = File.OpenRead(path);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"is not readable by this user: {ex.Message}";
        }
    }

    /// <summary>ssh-keygen beside the configured client when that is a path, else from PATH.</summary>
    private string KeygenPath()
    {
        var dir = Path.GetDirectoryName(options.ClientPath);
        var beside = string.IsNullOrEmpty(dir) ? null : Path.Combine(dir, "ssh-keygen");
        return beside is not null && File.Exists(beside) ? beside : "ssh-keygen";
    }
}
