using System.Diagnostics;
using Orchestrator.TestSupport;

namespace Orchestrator.Chaos.Scenarios;

/// <summary>
/// SIGKILL <c>orchestrator run</c> every 4 to 9 s and start it again (as systemd's Restart=always would), while
/// demand comes and goes and a quarter of the tasks see their worker die halfway through.
/// </summary>
public sealed class KillStorm : IChaosScenario
{
    public string Name => "kill-storm";
    public bool InShortForm => true;

    public async Task<IReadOnlyList<ChaosFigures>> RunAsync(ThrowawayPostgres postgres, ChaosScale scale, TextWriter progress)
    {
        var clock = Stopwatch.StartNew();
        await using var world = await ChaosWorld.StartAsync(postgres, Name, scale.Seed).ConfigureAwait(false);
        world.Workers.DeathShare = 0.25;
        var replica = world.StartReplica("kill");
        await world.WaitForCyclesAsync(1, TimeSpan.FromSeconds(90)).ConfigureAwait(false);
        var demand = world.RunDemandAsync(scale.KillStorm);
        var kills = 0;
        var storm = Stopwatch.StartNew();
        while (storm.Elapsed < scale.KillStorm)
        {
            await Task.Delay(TimeSpan.FromSeconds(4 + world.Random.NextDouble() * 5)).ConfigureAwait(false);
            await world.KillAsync(replica).ConfigureAwait(false);
            replica = world.StartReplica("kill");
            kills++;
        }
        await demand.ConfigureAwait(false);
        await progress.WriteLineAsync($"  {Name}: {kills} SIGKILLs in {storm.Elapsed.TotalSeconds:0} s; draining").ConfigureAwait(false);
        await world.DrainAsync(scale.Drain).ConfigureAwait(false);
        var figures = await world.FiguresAsync(Name, clock.Elapsed).ConfigureAwait(false);
        return [figures with { Detail = $"SIGKILLs {kills}, worker deaths mid-task {world.Workers.Deaths}" }];
    }
}
