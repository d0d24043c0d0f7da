using Microsoft.Extensions.Logging;

namespace Orchestrator.Simulation;

/// <summary>Replays scenarios with the configured policy, the legacy baseline and the clairvoyant bound, same trace and seed.</summary>
public static class SimulationSuite
{
    /// <summary>
    /// At full speed every replay runs side by side. At a chosen speed the configured policy replays at
    /// that pace with logs streaming, and its baseline afterwards at full speed without logs.
    /// </summary>
    public static async Task<IReadOnlyList<SideBySide>> RunAsync(IReadOnlyList<Scenario> scenarios, SimulationSetup setup, ILoggerFactory logs, ILoggerFactory quiet,
        SimulationProgress? progress, CancellationToken cancellationToken)
    {
        if (setup.Speed is null)
        {
            var all = scenarios.Select(s => Task.Run(() => PairAsync(s, setup, logs, quiet, progress, cancellationToken), cancellationToken));
            return await Task.WhenAll(all).ConfigureAwait(false);
        }
        var results = new List<SideBySide>();
        foreach (var scenario in scenarios)
        {
            results.Add(await PairAsync(scenario, setup, logs, quiet, progress, cancellationToken).ConfigureAwait(false));
        }
        return results;
    }

    private static async Task<SideBySide> PairAsync(Scenario scenario, SimulationSetup setup, ILoggerFactory logs, ILoggerFactory quiet, SimulationProgress? progress, CancellationToken cancellationToken)
    {
        var candidate = await new SimulationRun(scenario, setup, logs, progress).RunAsync(cancellationToken).ConfigureAwait(false);
        var baseline = await new SimulationRun(scenario, setup.AsLegacy() with { Speed = null }, quiet, progress).RunAsync(cancellationToken).ConfigureAwait(false);
        var bound = await new SimulationRun(scenario, setup.AsBound() with { Speed = null }, quiet, progress).RunAsync(cancellationToken).ConfigureAwait(false);
        return new SideBySide(scenario, candidate, baseline, bound);
    }
}
