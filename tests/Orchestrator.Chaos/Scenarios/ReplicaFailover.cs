using System.Diagnostics;
using Orchestrator.Tests.Service;
using Orchestrator.TestSupport;

namespace Orchestrator.Chaos.Scenarios;

/// <summary>
/// Two replicas under demand; the one running the cycle (holding the clustered trigger, or the last to log a
/// cycle) is SIGKILLed, and a fresh replica joins, 3 times (short) or 10 (long). The survivor takes over.
/// </summary>
public sealed class ReplicaFailover : IChaosScenario
{
    public string Name => "replica-failover";
    public bool InShortForm => true;

    public async Task<IReadOnlyList<ChaosFigures>> RunAsync(ThrowawayPostgres postgres, ChaosScale scale, TextWriter progress)
    {
        var clock = Stopwatch.StartNew();
        await using var world = await ChaosWorld.StartAsync(postgres, Name, scale.Seed).ConfigureAwait(false);
        world.StartReplica("replica");
        world.StartReplica("replica");
        await world.WaitForCyclesAsync(2, TimeSpan.FromSeconds(90)).ConfigureAwait(false);
        var demand = world.RunDemandAsync(TimeSpan.FromSeconds(scale.LeaderKills * 8 + 4));
        var takeovers = new List<double>();
        for (var i = 0; i < scale.LeaderKills; i++)
        {
            await Task.Delay(TimeSpan.FromSeconds(6)).ConfigureAwait(false);
            var leader = await LeaderAsync(world).ConfigureAwait(false);
            var survivor = world.Replicas.First(r => r != leader);
            var killedAt = DateTimeOffset.UtcNow;
            await world.KillAsync(leader).ConfigureAwait(false);
            await ChaosWorld.Until(() => survivor.Cycles.Any(c => c.LoggedAt > killedAt), TimeSpan.FromSeconds(60), $"{survivor.Node} to take over").ConfigureAwait(false);
            takeovers.Add((survivor.Cycles.Where(c => c.LoggedAt > killedAt).Min(c => c.LoggedAt) - killedAt).TotalSeconds);
            world.StartReplica("replica");
        }
        await demand.ConfigureAwait(false);
        await progress.WriteLineAsync($"  {Name}: {takeovers.Count} leaders killed; draining").ConfigureAwait(false);
        await world.DrainAsync(scale.Drain).ConfigureAwait(false);
        var figures = await world.FiguresAsync(Name, clock.Elapsed).ConfigureAwait(false);
        return [figures with { Detail = $"leaders SIGKILLed {takeovers.Count}, survivor's next cycle {takeovers.Min():0.0}-{takeovers.Max():0.0} s after the kill" }];
    }

    /// <summary>The replica holding the cycle's trigger now, or else the one that logged the latest cycle.</summary>
    private static async Task<ServiceProcess> LeaderAsync(ChaosWorld world)
    {
        for (var i = 0; i < 50; i++)
        {
            await using var command = world.Db.CreateCommand("SELECT instance_name FROM orchestrator_quartz.qrtz_fired_triggers ORDER BY fired_time DESC LIMIT 1");
            if (await command.ExecuteScalarAsync().ConfigureAwait(false) is string holder && world.Replicas.FirstOrDefault(r => r.Node == holder) is { } leader)
            {
                return leader;
            }
            await Task.Delay(20).ConfigureAwait(false);
        }
        return world.Replicas.OrderByDescending(r => r.Cycles.Count == 0 ? DateTimeOffset.MinValue : r.Cycles.Max(c => c.LoggedAt)).First();
    }
}
