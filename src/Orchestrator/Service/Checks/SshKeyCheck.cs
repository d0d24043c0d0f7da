using Orchestrator.Ssh;

namespace Orchestrator.Service.Checks;

/// <summary>
/// The SSH private key the bootstrapper will use: readable and private to its owner when given as a path, and
/// parsed in memory by SSH.NET (<see cref="SshPrivateKey"/>), with <c>RUNPOD_SSH_PRIVATE_KEY_PASSPHRASE</c> when it is
/// encrypted. Prints the key's type and SHA256 fingerprint, never the key. Host keys are pinned in the database
/// (migration 014), so there is no local file to check.
/// </summary>
public sealed class SshKeyCheck(SshOptions options, SshPrivateKey key) : IStartupCheck
{
    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    public string Name => "ssh-key";

    public int Order => 30;

    public Task<StartupCheckResult> RunAsync(CancellationToken cancellationToken)
    {
        var source = options.PrivateKey is not null ? "RUNPOD_SSH_PRIVATE_KEY" : $"RUNPOD_SSH_PRIVATE_KEY_PATH '{options.PrivateKeyPath}'";
        if (options.PrivateKey is null && PathProblem(options.PrivateKeyPath) is { } problem)
        {
            return Task.FromResult(StartupCheckResult.Fail($"{source} {problem}"));
        }
        return Task.FromResult(key.Summary is { } summary
            ? StartupCheckResult.Pass($"{source}: {summary}")
            : StartupCheckResult.Fail(key.Problem ?? $"{source}: no key"));
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
            if ((mode & GroupOrOther) != 0)
            {
                return $"is mode {Octal(mode)}: open to group or others; run chmod 600 on it";
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

    private static string Octal(UnixFileMode mode) => "0" + Convert.ToString((int)mode & 0x1FF, 8).PadLeft(3, '0');
}
