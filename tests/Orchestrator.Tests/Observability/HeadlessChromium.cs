using System.Diagnostics;
using Xunit;

namespace Orchestrator.Tests.Observability;

/// <summary>
/// Debian's chromium-headless-shell driven from the command line (no Playwright): <c>--dump-dom</c> prints the DOM
/// after the page's script ran (virtual time lets its fetch finish), <c>--screenshot</c> writes a PNG. A missing
/// browser fails the test: scripts/setup-test-deps.sh installs it.
/// </summary>
internal static class HeadlessChromium
{
    private static readonly string[] Candidates = ["/usr/bin/chromium-headless-shell", "/usr/lib/chromium/chromium-headless-shell", "/usr/lib/chromium/headless_shell"];

    public static string Binary => Candidates.FirstOrDefault(File.Exists)
        ?? throw new Xunit.Sdk.XunitException("chromium-headless-shell not found; run scripts/setup-test-deps.sh (apt-get install chromium-headless-shell)");

    public static async Task<string> DumpDomAsync(Uri url) => await RunAsync("--dump-dom", url.ToString());

    public static async Task ScreenshotAsync(Uri url, string file) =>
        await RunAsync($"--screenshot={file}", "--window-size=1280,900", "--hide-scrollbars", url.ToString());

    private static async Task<string> RunAsync(params string[] args)
    {
        var profile = Directory.CreateTempSubdirectory("chromium-profile-");
        try
        {
            var start = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in (string[])["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-dev-shm-usage", $"--user-data-dir={profile.FullName}", "--virtual-time-budget=5000", .. args])
            {
                start.ArgumentList.Add(arg);
            }
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(2)); // a hung browser ends the test, it asserts nothing about time
            try
            {
                await process.WaitForExitAsync(guard.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }
            Assert.True(process.ExitCode == 0, $"chromium exited {process.ExitCode}: {await stderr}");
            return await stdout;
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
