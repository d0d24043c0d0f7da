using Orchestrator.Bootstrap;
using Orchestrator.Ssh;
using Orchestrator.Tests.Ssh;
using Xunit;

namespace Orchestrator.Tests.Hostile;

/// <summary>
/// Issue 15 item 7: a worker log of 100 MB on one line (a worker printing progress with carriage returns, or binary junk)
/// and a remote command that prints without end. <c>tail -n</c> of such a log is the whole file; before, all of it crossed
/// the wire and SSH.NET's <c>Result</c> held it as one string (200 MB of UTF-16) in the service.
/// </summary>
public sealed class WorkerLogFloodTests
{
    private const string WorkerId = "gpu-20250101_000000-f100df10";
    private const long HundredMegabytes = 100L * 1024 * 1024;

    [Fact]
    public async Task The_tail_of_a_100_MB_single_line_log_is_at_most_the_tail_bound()
    {
        await using var pod = await FakePod.StartAsync();
        var log = LaunchScript.LogPath(pod.Checkout, WorkerId);
        Directory.CreateDirectory(Path.GetDirectoryName(log)!);
        await using (var file = File.Create(log))
        {
            var chunk = new byte[1024 * 1024];
            Array.Fill(chunk, (byte)'x');
            for (var i = 0; i < 100; i++)
            {
                await file.WriteAsync(chunk);
            }
            await file.WriteAsync("the last words\n"u8.ToArray());
        }
        Assert.True(new FileInfo(log).Length > HundredMegabytes);
        using var logs = new CapturedLogs();
        using var shell = pod.Shell(logs.Factory());
        var bootstrapper = pod.Bootstrapper(shell, SshTestSecrets.Create(), logs.Factory());

        var tail = await bootstrapper.TailLogAsync(pod.Target("podflood"), WorkerId, 50, CancellationToken.None);

        Assert.True(tail.Succeeded, tail.StandardError);
        Assert.InRange(tail.StandardOutput.Length, 1, LaunchScript.TailBytes);
        Assert.EndsWith("the last words\n", tail.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_command_printing_100_MB_keeps_one_bounded_buffer_per_stream(bool onStandardError)
    {
        await using var pod = await FakePod.StartAsync();
        using var logs = new CapturedLogs();
        using var shell = pod.Shell(logs.Factory());
        var redirect = onStandardError ? " >&2" : "";

        var result = await shell.RunAsync(pod.Target("podspew"), $"head -c {HundredMegabytes} /dev/zero | tr '\\0' 'y'{redirect}; echo done >&2; exit 7", null,
            TimeSpan.FromSeconds(120), CancellationToken.None);

        Assert.Equal(7, result.ExitCode); // the command ran to its end: the rest was read and dropped, not left blocking sshd
        var flooded = onStandardError ? result.StandardError : result.StandardOutput;
        Assert.InRange(flooded.Length, BoundedOutput.DefaultLimit, BoundedOutput.DefaultLimit + 200);
        Assert.Contains($"{BoundedOutput.TruncatedMarker} {HundredMegabytes - BoundedOutput.DefaultLimit + (onStandardError ? 5 : 0)} more bytes]", flooded, StringComparison.Ordinal);
        Assert.StartsWith("yyyy", flooded, StringComparison.Ordinal);
    }
}
