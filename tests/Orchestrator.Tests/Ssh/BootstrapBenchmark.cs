using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Orchestrator.Bootstrap;
using Orchestrator.Core.Cycle;
using Orchestrator.Core.Decisions;
using Orchestrator.Core.Domain;
using Orchestrator.Simulation;
using Orchestrator.TestSupport;
using Orchestrator.Core.Options;
using Orchestrator.Core.Ports;
using Orchestrator.Ssh;

namespace Orchestrator.Tests.Ssh;

/// <summary>
/// <c>bench bootstrap</c>: one pod, then a burst, from the pod create call to the launched worker, through the real control
/// cycle (parallel creates, each pod bootstrapped as soon as it runs), the SSH.NET shell and the real bootstrapper, against a
/// loopback sshd laid out as a pod (tests/Orchestrator.Tests/Ssh/FakePod.cs starts one; its ForceCommand adds a fixed delay
/// to every remote command). The cloud is <see cref="BootingCloud"/>: fixed create latency and boot time on the real clock.
/// The fleet floor (MIN_ACTIVE_GPUS = the pod count) makes the one cycle spawn every pod.
/// </summary>
public static class BootstrapBenchmark
{
    /// <summary>Runs one pod and then <paramref name="burst"/> pods; each run is a fresh store, cloud and shell.</summary>
    /// <param name="spawnParallelism">SPAWN_PARALLELISM for the run (null: the service's default).</param>
    public static async Task<BootstrapBenchmarkResult> RunAsync(SshEndpoint sshd, SshOptions ssh, WorkerSecrets secrets, int burst,
        TimeSpan createLatency, TimeSpan bootTime, ILoggerFactory logs, CancellationToken cancellationToken, int? spawnParallelism = null)
    {
        var cycle = new CycleOptions { PodReadyWait = TimeSpan.FromMinutes(2), PodReadyPoll = TimeSpan.FromMilliseconds(250) };
        cycle.SpawnParallelism = spawnParallelism ?? cycle.SpawnParallelism;
        var one = await RunPodsAsync(1, sshd, ssh, secrets, createLatency, bootTime, cycle, logs, cancellationToken).ConfigureAwait(false);
        var many = await RunPodsAsync(burst, sshd, ssh, secrets, createLatency, bootTime, cycle, logs, cancellationToken).ConfigureAwait(false);
        return new BootstrapBenchmarkResult(one, many, cycle.SpawnParallelism);
    }

    private static async Task<BootstrapRun> RunPodsAsync(int pods, SshEndpoint sshd, SshOptions ssh, WorkerSecrets secrets,
        TimeSpan createLatency, TimeSpan bootTime, CycleOptions cycle, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        var store = new InMemoryFleetStore(new DemandOptions());
        var cloud = new BootingCloud(new InMemoryGpuCloud(), sshd, createLatency, bootTime);
        using var shell = new SshNetRemoteShell(ssh, new SshPrivateKey(ssh), store, TimeProvider.System, logs.CreateLogger<SshNetRemoteShell>());
        var bootstrapper = new TimedBootstrapper(new ShellWorkerBootstrapper(shell, ssh, secrets, logs.CreateLogger<ShellWorkerBootstrapper>()));
        var scaling = new ScalingOptions { MinActive = pods, MaxActive = pods, MaxSpawnsPerCycle = pods };
        var (health, breaker) = (new HealthOptions(), new BreakerOptions());
        var planner = new CyclePlanner(new ScalingPolicy(scaling), health, breaker, cycle);
        var control = new ControlCycle(store, cloud, bootstrapper, planner, new CycleSettings(cycle, health, breaker, scaling),
            TimeProvider.System, logs.CreateLogger<ControlCycle>());

        var cpu = Environment.CpuUsage.TotalTime;
        await control.RunOnceAsync(dryRun: false, cancellationToken).ConfigureAwait(false);
        cpu = Environment.CpuUsage.TotalTime - cpu;

        var perPod = cloud.CreateSentAt.Select(c => bootstrapper.LaunchedAt.TryGetValue(c.Key, out var end) ? Stopwatch.GetElapsedTime(c.Value, end) : (TimeSpan?)null).ToList();
        var launched = perPod.OfType<TimeSpan>().Order().ToList();
        var first = cloud.CreateSentAt.Values.DefaultIfEmpty(0).Min();
        var last = bootstrapper.LaunchedAt.Values.DefaultIfEmpty(first).Max();
        var connections = cloud.CreateSentAt.Keys.Select(id => store.Workers.Single(w => w.Id == id).PodId).OfType<string>().Select(shell.Connections.For).ToList();
        return new BootstrapRun(pods, launched.Count, Stopwatch.GetElapsedTime(first, last),
            launched.Count == 0 ? TimeSpan.Zero : launched[launched.Count / 2], connections.DefaultIfEmpty(0).Min(), connections.DefaultIfEmpty(0).Max(),
            cpu / Math.Max(1, pods));
    }

    /// <summary>The figures as printed by <c>bench bootstrap</c>.</summary>
    public static string Format(BootstrapBenchmarkResult r, TimeSpan commandDelay, TimeSpan createLatency, TimeSpan bootTime) => string.Create(CultureInfo.InvariantCulture, $"""
        bootstrap benchmark: loopback sshd, {commandDelay.TotalSeconds:0.##} s delay per remote command; cloud create {createLatency.TotalSeconds:0.##} s, boot {bootTime.TotalSeconds:0.##} s; SPAWN_PARALLELISM {r.SpawnParallelism}
          one pod:        launched {r.One.Launched}/{r.One.Pods}, create -> launch {r.One.LastLaunch.TotalSeconds:0.00} s, SSH connections per pod {r.One.MinConnections}..{r.One.MaxConnections}, service CPU per pod {r.One.CpuPerPod.TotalMilliseconds:0} ms
          burst of {r.Burst.Pods,-3}:   launched {r.Burst.Launched}/{r.Burst.Pods}, first create -> last launch {r.Burst.LastLaunch.TotalSeconds:0.00} s ({r.Ratio:0.00}x one pod; goal <= 1.5x), median pod {r.Burst.MedianPod.TotalSeconds:0.00} s, SSH connections per pod {r.Burst.MinConnections}..{r.Burst.MaxConnections}, service CPU per pod {r.Burst.CpuPerPod.TotalMilliseconds:0} ms
        """);

    /// <summary>Notes when each worker's bootstrap answered launched.</summary>
    private sealed class TimedBootstrapper(IWorkerBootstrapper inner) : IWorkerBootstrapper
    {
        public ConcurrentDictionary<string, long> LaunchedAt { get; } = new(StringComparer.Ordinal);

        public async Task<BootstrapOutcome> BootstrapAsync(BootstrapTarget target, CancellationToken cancellationToken)
        {
            var outcome = await inner.BootstrapAsync(target, cancellationToken).ConfigureAwait(false);
            if (outcome.Succeeded)
            {
                LaunchedAt[target.WorkerId] = Stopwatch.GetTimestamp();
            }
            return outcome;
        }
    }
}

/// <summary>One run of <see cref="BootstrapBenchmark"/>: pods launched, first create to last launch, the median pod, connections per pod.</summary>
/// <see cref="CpuPerPod"/> is this process's CPU time (the cycle, SSH.NET, the in-process cloud and store) over the run, per pod;
/// the loopback sshd and the pods' scripts are other processes on the same cores and are not in it.
public sealed record BootstrapRun(int Pods, int Launched, TimeSpan LastLaunch, TimeSpan MedianPod, int MinConnections, int MaxConnections, TimeSpan CpuPerPod);

/// <summary>One pod against a burst.</summary>
public sealed record BootstrapBenchmarkResult(BootstrapRun One, BootstrapRun Burst, int SpawnParallelism)
{
    public double Ratio => One.LastLaunch.TotalSeconds <= 0 ? double.NaN : Burst.LastLaunch.TotalSeconds / One.LastLaunch.TotalSeconds;
}
