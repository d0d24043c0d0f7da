using System.Diagnostics;
using Npgsql;
using Orchestrator.TestSupport;

namespace Orchestrator.Chaos.Scenarios;

/// <summary>
/// The real PostgreSQL stopped (every connection cut at once) for 20 s (short) or 60 s (long) under two replicas with
/// pods running: while it is down the service is blind and must not create or terminate anything. Mutations are
/// counted from 2 s after the stop (a cycle that observed just before may finish its step) until the restart.
/// Heartbeats time out after 120 s here, as in production an outage is shorter than the heartbeat timeout.
/// </summary>
public sealed class DatabaseOutage : IChaosScenario
{
    private static readonly TimeSpan InFlight = TimeSpan.FromSeconds(2);

    public string Name => "database-outage";
    public bool InShortForm => true;

    public async Task<IReadOnlyList<ChaosFigures>> RunAsync(ThrowawayPostgres postgres, ChaosScale scale, TextWriter progress)
    {
        var clock = Stopwatch.StartNew();
        await using var world = await ChaosWorld.StartAsync(postgres, Name, scale.Seed,
            new Dictionary<string, string> { ["HEARTBEAT_TIMEOUT_SEC"] = "120" }).ConfigureAwait(false);
        world.StartReplica("blind");
        world.StartReplica("blind");
        await world.WaitForEveryReplicaAsync(TimeSpan.FromSeconds(90)).ConfigureAwait(false);
        await world.AddTasksAsync(6).ConfigureAwait(false);
        await ChaosWorld.Until(() => world.RunPod.LivePods.Count > 0, TimeSpan.FromSeconds(60), "pods for the first tasks").ConfigureAwait(false);
        await world.AddTasksAsync(4).ConfigureAwait(false);

        var stoppedAt = DateTimeOffset.UtcNow;
        await postgres.StopAsync().ConfigureAwait(false);
        var cyclesBefore = world.Replicas.Sum(r => r.Cycles.Count);
        await Task.Delay(scale.Outage).ConfigureAwait(false);
        var restartedAt = DateTimeOffset.UtcNow;
        await postgres.RestartAsync().ConfigureAwait(false);
        NpgsqlConnection.ClearAllPools();
        var blindCycles = world.Replicas.Sum(r => r.Cycles.Count) - cyclesBefore;
        var blind = world.Proxy.Calls.Where(c => c.IsMutation && c.At > stoppedAt + InFlight && c.At < restartedAt).ToList();
        await progress.WriteLineAsync($"  {Name}: PostgreSQL down {(restartedAt - stoppedAt).TotalSeconds:0} s, {blind.Count} RunPod mutations meanwhile; recovering").ConfigureAwait(false);

        await world.WaitForCyclesAsync(2, TimeSpan.FromSeconds(120)).ConfigureAwait(false);
        await world.AddTasksAsync(4).ConfigureAwait(false);
        await world.DrainAsync(scale.Drain).ConfigureAwait(false);
        var figures = await world.FiguresAsync(Name, clock.Elapsed, blind.Count).ConfigureAwait(false);
        return [figures with { Detail = $"PostgreSQL down {(restartedAt - stoppedAt).TotalSeconds:0} s, cycles completed while down {blindCycles}" }];
    }
}
