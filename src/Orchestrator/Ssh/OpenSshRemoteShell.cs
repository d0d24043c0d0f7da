using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;
using Orchestrator.Core.Ports;

namespace Orchestrator.Ssh;

/// <summary>
/// <see cref="IRemoteShell"/> on the OpenSSH client, one child process per command. The command is a
/// single argument (no local shell); secrets go only through standard input. Host keys are trusted on
/// first use and pinned per pod id (<c>HostKeyAlias</c>) in the service's own known_hosts file; a changed
/// key is refused. On timeout or cancellation the client's process tree is killed.
/// </summary>
public sealed class OpenSshRemoteShell(SshOptions options, SshKeyFile key, ILogger<OpenSshRemoteShell> logger) : IRemoteShell
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public async Task<ShellResult> RunAsync(ShellTarget target, string command, string? standardInput, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ValidateTarget(target);
        EnsureKnownHostsFile(options.KnownHostsPath);
        var clock = Stopwatch.StartNew();
        using var process = Start(SshArguments.Build(options, key.Path, target, command));
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await WriteInputAsync(process, standardInput, limit.Token).ConfigureAwait(false);
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            await Task.WhenAll(stdout, stderr).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            SshLog.TimedOut(logger, target.PodId, target.Host, target.Port, (long)clock.Elapsed.TotalMilliseconds);
            return new ShellResult(ShellStatus.TimedOut, -1, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
        }
        var (output, error) = (await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
        var status = SshFailureClassifier.Classify(process.ExitCode, error);
        LogResult(target, status, process.ExitCode, error, clock.Elapsed);
        return new ShellResult(status, process.ExitCode, output, error);
    }

    private Process Start(IReadOnlyList<string> arguments)
    {
        var info = new ProcessStartInfo(options.ClientPath)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = Utf8,
            StandardOutputEncoding = Utf8,
            StandardErrorEncoding = Utf8,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        info.Environment.Remove("SSH_AUTH_SOCK");
        info.Environment.Remove("SSH_ASKPASS");
        info.Environment.Remove("DISPLAY");
        return Process.Start(info) ?? throw new OrchestratorException(ErrorKind.RemoteShell, $"could not start {options.ClientPath}");
    }

    private static async Task WriteInputAsync(Process process, string? standardInput, CancellationToken cancellationToken)
    {
        try
        {
            if (standardInput is not null)
            {
                await process.StandardInput.WriteAsync(standardInput.AsMemory(), cancellationToken).ConfigureAwait(false);
                await process.StandardInput.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The client exited before reading its input (no connection); the exit code tells why.
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private void LogResult(ShellTarget target, ShellStatus status, int exitCode, string error, TimeSpan elapsed)
    {
        var ms = (long)elapsed.TotalMilliseconds;
        switch (status)
        {
            case ShellStatus.HostKeyMismatch:
                SshLog.HostKeyMismatch(logger, target.PodId, target.Host, target.Port, options.KnownHostsPath);
                break;
            case ShellStatus.ConnectFailed or ShellStatus.TimedOut:
                SshLog.ConnectFailed(logger, target.PodId, target.Host, target.Port, status.ToString(), FirstLine(error), ms);
                break;
            default:
                SshLog.CommandCompleted(logger, target.PodId, target.Host, target.Port, exitCode, ms);
                break;
        }
    }

    private static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";

    private static void ValidateTarget(ShellTarget target)
    {
        if (string.IsNullOrEmpty(target.PodId) || target.PodId.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
        {
            throw new ArgumentException($"pod id '{target.PodId}' is not a plain name", nameof(target));
        }
        if (target.Port is < 1 or > 65535 || string.IsNullOrWhiteSpace(target.Host) || target.Host.StartsWith('-'))
        {
            throw new ArgumentException($"endpoint {target.Host}:{target.Port} is not valid", nameof(target));
        }
    }

    private static void EnsureKnownHostsFile(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("the OpenSSH shell needs Unix file modes");
        }
        if (File.Exists(path))
        {
            return;
        }
        var dir = System.IO.Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(dir) && !Directory.Exists(dir))
        {
            Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        using var _ = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.OpenOrCreate,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
    }
}
