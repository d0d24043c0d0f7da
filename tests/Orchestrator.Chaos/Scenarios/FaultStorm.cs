using System.Diagnostics;
using Orchestrator.TestSupport;

namespace Orchestrator.Chaos.Scenarios;

/// <summary>
/// Two replicas while RunPod fails a share of every call (30 % short, 50 % long): 503, 429 with Retry-After,
/// hangs until the client gives up, and lost answers (a create RunPod performed whose answer never arrives).
/// </summary>
public sealed class FaultStorm : IChaosScenario
{
    public string Name => "fault-storm";
    public bool InShortForm => true;

    public async Task<IReadOnlyList<ChaosFigures>> RunAsync(ThrowawayPostgres postgres, ChaosScale scale, TextWriter progress)
    {
        var clock = Stopwatch.StartNew();
        await using var world = await ChaosWorld.StartAsync(postgres, Name, scale.Seed).ConfigureAwait(false);
        world.StartReplica("storm");
        world.StartReplica("storm");
        await world.WaitForCyclesAsync(2, TimeSpan.FromSeconds(90)).ConfigureAwait(false);
        world.Proxy.FaultRate = scale.FaultRate;
        await world.RunDemandAsync(scale.FaultStorm).ConfigureAwait(false);
        var calls = world.Proxy.Calls.ToList();
        var faulted = calls.Where(c => c.Fault != FaultKind.None).ToList();
        await progress.WriteLineAsync($"  {Name}: {faulted.Count} of {calls.Count} RunPod calls faulted; draining").ConfigureAwait(false);
        await world.DrainAsync(scale.Drain).ConfigureAwait(false);
        var figures = await world.FiguresAsync(Name, clock.Elapsed).ConfigureAwait(false);
        var kinds = string.Join(", ", faulted.GroupBy(c => c.Fault).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}"));
        var lostCreates = faulted.Count(c => c.Fault == FaultKind.LoseAnswer && c.Operation == "create");
        return [figures with { Detail = $"{scale.FaultRate:P0} faults: {faulted.Count} of {calls.Count} calls ({kinds}), lost create answers {lostCreates}" }];
    }
}
