using System.ComponentModel;
using System.Diagnostics;
using System.Security.Cryptography;

namespace Orchestrator.Service.Checks;

/// <summary>The local probes of <see cref="SshKeyCheck"/>: file modes, <c>ssh-keygen -y</c>, a writable directory.</summary>
internal static class SshKeyProbe
{
    public const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    public static string Octal(UnixFileMode mode) => "0" + Convert.ToString((int)mode & 0x1FF, 8).PadLeft(3, '0');

    /// <summary>
    /// Runs <c>ssh-keygen -y -P "" -f key</c> (stdin closed, so it never prompts). Summary is the key type and
    /// SHA256 fingerprint; Error is ssh-keygen's first line (it names the file, never its contents).
    /// </summary>
    public static async Task<(string? Summary, string? Error)> PublicKeyAsync(string keygen, string keyPath, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(keygen)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in new[] { "-y", "-P", "", "-f", keyPath })
        {
            info.ArgumentList.Add(a);
        }
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new Win32Exception("not started");
        }
        catch (Win32Exception ex)
        {
            return (null, $"could not run {keygen}: {ex.Message}");
        }
        using (process)
        {
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            try
            {
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }
            var (stdout, stderr) = (await output.ConfigureAwait(false), await error.ConfigureAwait(false));
            return process.ExitCode == 0 && Summary(stdout) is { } summary
                ? (summary, null)
                : (null, FirstLine(stderr) ?? $"ssh-keygen exited {process.ExitCode}");
        }
    }

    /// <summary>"ssh-ed25519 SHA256:..." from an authorized_keys line.</summary>
    private static string? Summary(string publicKeyLine)
    {
        var parts = publicKeyLine.Trim().Split(' ', 3);
        if (parts.Length < 2)
        {
            return null;
        }
        try
        {
            var hash = SHA256.HashData(Convert.FromBase64String(parts[1]));
            return $"{parts[0]} SHA256:{Convert.ToBase64String(hash).TrimEnd('=')}";
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string? FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();

    /// <summary>
    /// Null when a file can be created in the file's directory (or, when that does not exist yet, in the
    /// nearest existing ancestor, where the shell will create it). Leaves nothing behind.
    /// </summary>
    public static string? WritableDirectoryProblem(string filePath)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(filePath));
        while (dir is not null && !Directory.Exists(dir))
        {
            if (File.Exists(dir))
            {
                return $"'{dir}' is a file, not a directory";
            }
            dir = Path.GetDirectoryName(dir);
        }
        if (dir is null)
        {
            return "no existing parent directory";
        }
        var probe = Path.Combine(dir, $".orchestrator-check-{Guid.NewGuid():N}");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write))
            {
            }
            File.Delete(probe);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"directory '{dir}' is not writable: {ex.Message}";
        }
    }
}
