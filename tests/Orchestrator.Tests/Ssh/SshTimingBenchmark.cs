using System.Diagnostics;
using Orchestrator.Core.Domain;
using Orchestrator.Core.Ports;
using Xunit;
using Xunit.Abstractions;

namespace Orchestrator.Tests.Ssh;

/// <summary>Prints how long a verification and a full bootstrap take against a loopback sshd (no timed assertions).</summary>
public sealed class SshTimingBenchmark(ITestOutputHelper output)
{
    [Fact]
    public async Task Print_verify_and_bootstrap_durations()
    {
        await using var pod = await FakePod.StartAsync();
        using var logs = new CapturedLogs();
        var bootstrapper = pod.Bootstrapper(SshTestSecrets.Create(), logs.Factory());
        var verify = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            var clock = Stopwatch.StartNew();
            var (report, _) = await bootstrapper.VerifyAsync(pod.Target(), CancellationToken.None);
            verify.Add(clock.ElapsedMilliseconds);
            Assert.True(report!.Passed);
        }
        var whole = Stopwatch.StartNew();
        var outcome = await bootstrapper.BootstrapAsync(new BootstrapTarget("gpu-bench", "podtest1", new SshEndpoint("127.0.0.1", pod.Port)), CancellationToken.None);
        Assert.True(outcome.Succeeded, outcome.Detail);
        output.WriteLine($"verify round trip ms: {string.Join(", ", verify)}; bootstrap (verify + launch, 1 s confirm wait) ms: {whole.ElapsedMilliseconds}");
    }
}
