using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Core.Domain;
using Orchestrator.Tests.Ssh;

namespace Orchestrator.Benchmarks;

/// <summary>
/// <c>bootstrap</c>: one pod against a burst, create → launched worker, against a loopback sshd laid out as a pod
/// (the tests' <see cref="FakePod"/>) with a fixed delay per remote command; prints the times and the SSH
/// connections each pod took. Numbers, not a test.
/// </summary>
public static class BootstrapBench
{
    private static readonly TimeSpan CreateLatency = TimeSpan.FromSeconds(0.5);
    private static readonly TimeSpan BootTime = TimeSpan.FromSeconds(3);

    public static async Task<int> RunAsync(int burst, double commandDelaySeconds, int spawnParallelism, bool json, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromSeconds(commandDelaySeconds);
        await error.WriteLineAsync($"bootstrap: starting a loopback sshd pod ({delay.TotalSeconds:0.##} s per remote command), then one pod and a burst of {burst}").ConfigureAwait(false);
        await using var pod = await FakePod.StartAsync(new FakePodSetup { CommandDelay = delay }).ConfigureAwait(false);
        var ssh = pod.Options(o => o with { GitPullTimeout = TimeSpan.Zero, LaunchConfirmWait = TimeSpan.FromSeconds(1) });
        var result = await BootstrapBenchmark.RunAsync(new SshEndpoint("127.0.0.1", pod.Port), ssh, SshTestSecrets.Create(), burst,
            CreateLatency, BootTime, NullLoggerFactory.Instance, cancellationToken, spawnParallelism).ConfigureAwait(false);
        await output.WriteLineAsync(json
            ? JsonSerializer.Serialize(new { result.One, result.Burst, spawn_parallelism = result.SpawnParallelism, accepted_connections = pod.AcceptedConnections }, BenchCommand.Json)
            : BootstrapBenchmark.Format(result, delay, CreateLatency, BootTime) + $"\nsshd accepted {pod.AcceptedConnections} connections for {burst + 1} pods").ConfigureAwait(false);
        return BenchCommand.Ok;
    }
}
