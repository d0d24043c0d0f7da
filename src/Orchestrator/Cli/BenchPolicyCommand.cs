using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Configuration;
using Orchestrator.Simulation;

namespace Orchestrator.Cli;

/// <summary>
/// <c>bench-policy [--seeds N] [--hours H]</c>: replays every built-in scenario for seeds 1..N with the
/// configured policy, the legacy one and the clairvoyant bound and prints mean figures and the replay speed. Numbers, not a test.
/// </summary>
public static class BenchPolicyCommand
{
    public static async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        // --seeds (1-100) and --hours (0.01-744) were checked by the parser (CliTree); only the configuration is left.
        var seeds = context.Value<int>("--seeds");
        var hours = context.Value<double>("--hours");
        var reader = new SettingsReader(context.Configuration);
        var config = OrchestratorConfig.Load(reader);
        if (reader.Problems.Count > 0)
        {
            await context.ReportProblemsAsync("bench-policy: configuration problems; nothing was run", reader.Problems).ConfigureAwait(false);
            return ExitCodes.BadInput;
        }
        await context.Out.WriteLineAsync($"bench-policy: {seeds} seed(s) x {BuiltInScenarios.Names.Count} scenarios x 3 policies (configured, legacy, clairvoyant bound), {hours:0.#} h each, MIN {config.Scaling.MinActive} MAX {config.Scaling.MaxActive} idle {config.Scaling.IdleTimeout.TotalSeconds:0}s").ConfigureAwait(false);
        await context.Out.WriteLineAsync($"{"scenario",-18} {"policy",-8} {"cost $",9} {"p50 s",7} {"p95 s",7} {"GPU-h",8} {"overhead",8} {"pods",6} {"churn",6} {"wins",5} {"ties",5}").ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        var replays = 0;
        foreach (var name in BuiltInScenarios.Names)
        {
            var results = new List<SideBySide>();
            for (var seed = 1; seed <= seeds; seed++)
            {
                var scenario = BuiltInScenarios.Create(name, seed, TimeSpan.FromHours(hours));
                var setup = SimulateCommand.Setup(config, new SettingsReader(context.Configuration), seed);
                results.AddRange(await SimulationSuite.RunAsync([scenario], setup, NullLoggerFactory.Instance, NullLoggerFactory.Instance, null, cancellationToken).ConfigureAwait(false));
                replays += 3;
            }
            var wins = results.Count(r => r.CheaperAtEqualWait);
            var ties = results.Count(r => r.Tie);
            await context.Out.WriteLineAsync(Line(name, results.Select(r => r.Candidate).ToList(), $"{wins}/{seeds} {ties + "/" + seeds,5}")).ConfigureAwait(false);
            await context.Out.WriteLineAsync(Line("", results.Select(r => r.Baseline).ToList(), "")).ConfigureAwait(false);
            await context.Out.WriteLineAsync(Line("", results.Select(r => r.Bound!).ToList(), "")).ConfigureAwait(false);
        }
        var simulated = replays * (hours + 1);
        await context.Out.WriteLineAsync($"{replays} replays in {clock.Elapsed.TotalSeconds:0.0} s wall: {clock.ElapsedMilliseconds / replays} ms per replay, {simulated * 3600 / clock.Elapsed.TotalSeconds:0} simulated s per wall s").ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    private static string Line(string scenario, IReadOnlyList<SimulationResult> r, string wins) => string.Create(CultureInfo.InvariantCulture,
        $"{scenario,-18} {r[0].Policy,-8} {r.Average(x => x.CostUsd),9:0.00} {r.Average(x => x.WaitP50Seconds),7:0} {r.Average(x => x.WaitP95Seconds),7:0} {r.Average(x => x.GpuHoursBilled),8:0.0} {r.Average(x => x.OverheadRatio),8:0.00} {r.Average(x => x.PodsCreated),6:0} {r.Average(x => x.BootThenKillChurn),6:0} {wins,5}");
}
