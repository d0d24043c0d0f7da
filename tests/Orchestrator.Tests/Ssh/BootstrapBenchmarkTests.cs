using Orchestrator.Cli;
using Orchestrator.Core.Domain;
using Xunit;
using Xunit.Abstractions;

namespace Orchestrator.Tests.Ssh;

/// <summary>
/// <c>bench bootstrap</c>'s figures against a loopback sshd with a fixed delay per remote command (ForceCommand): one pod
/// against a burst of 20. Prints the times (no timed assertion); asserts every worker launched on one connection per pod.
/// This is the helper the lead can wire: it starts the sshd the service itself never starts.
/// </summary>
public sealed class BootstrapBenchmarkTests(ITestOutputHelper output)
{
    private static readonly TimeSpan CommandDelay = TimeSpan.FromSeconds(0.5);
    private static readonly TimeSpan CreateLatency = TimeSpan.FromSeconds(0.5);
    private static readonly TimeSpan BootTime = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Prints_one_pod_against_a_burst_of_20_with_one_connection_per_pod()
    {
        await using var pod = await FakePod.StartAsync(new FakePodSetup { CommandDelay = CommandDelay });
        using var logs = new CapturedLogs();
        var ssh = pod.Options(o => o with { GitPullTimeout = TimeSpan.Zero, LaunchConfirmWait = TimeSpan.FromSeconds(1) });

        var result = await BootstrapBenchmark.RunAsync(new SshEndpoint("127.0.0.1", pod.Port), ssh, SshTestSecrets.Create(), 20,
            CreateLatency, BootTime, logs.Factory(), CancellationToken.None);

        output.WriteLine(BootstrapBenchmark.Format(result, CommandDelay, CreateLatency, BootTime));
        Assert.Equal(1, result.One.Launched);
        Assert.Equal(20, result.Burst.Launched);
        Assert.Equal((1, 1), (result.One.MinConnections, result.One.MaxConnections));
        Assert.Equal((1, 1), (result.Burst.MinConnections, result.Burst.MaxConnections));
        Assert.Equal(21, pod.AcceptedConnections);
    }
}
