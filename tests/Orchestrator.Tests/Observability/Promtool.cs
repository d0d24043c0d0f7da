using System.Diagnostics;

namespace Orchestrator.Tests.Observability;

/// <summary>
/// Runs Prometheus's own checker (Debian package <c>prometheus</c>, installed by scripts/setup-test-deps.sh).
/// A missing promtool fails the test (Process.Start throws); it is never skipped.
/// </summary>
internal static class Promtool
{
    public static (int ExitCode, string Output) Run(string? input, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo("promtool", args)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        if (input is not null)
        {
            process.StandardInput.Write(input);
        }
        process.StandardInput.Close();
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.GetAwaiter().GetResult());
    }
}
