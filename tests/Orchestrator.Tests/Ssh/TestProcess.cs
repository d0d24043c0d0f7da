using System.Diagnostics;

namespace Orchestrator.Tests.Ssh;

/// <summary>Runs a short local command for test setup and fails loudly.</summary>
internal static class TestProcess
{
    public static string Run(string file, params string[] args)
    {
        var (exitCode, output, error) = Capture(file, args);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {exitCode}: {error}");
        }
        return output;
    }

    /// <summary>Runs a short local command to its end; its exit code and both outputs, for a caller that judges a non-zero exit itself.</summary>
    public static (int ExitCode, string Output, string Error) Capture(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        using var p = Process.Start(info)!;
        var error = p.StandardError.ReadToEndAsync(); // both pipes drained at once: a full stderr pipe cannot stall the command
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output, error.GetAwaiter().GetResult());
    }

    public static bool TryRun(string file, params string[] args)
    {
        try
        {
            Run(file, args);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }


    public static void WriteExecutable(string path, string text)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException();
        }
        File.WriteAllText(path, text.Replace("\r\n", "\n", StringComparison.Ordinal));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
    }

    public static UnixFileMode Mode(string path) =>
        OperatingSystem.IsWindows() ? throw new PlatformNotSupportedException() : File.GetUnixFileMode(path);
}
