using System.CommandLine;
using System.Diagnostics;
using Orchestrator.Chaos.Scenarios;
using Orchestrator.TestSupport;

namespace Orchestrator.Chaos;

/// <summary>The suite's command line and runner: scenarios in order on one throwaway PostgreSQL, a line of figures each.</summary>
public static class ChaosCommand
{
    private static readonly IChaosScenario[] All = [new KillStorm(), new FaultStorm(), new DatabaseOutage(), new PoisonTask(), new ReplicaFailover(), new Degrade()];

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var shortForm = new Option<bool>("--short") { Description = "every short scenario, at most 5 minutes in all (the default; CI runs this)" };
        var longForm = new Option<bool>("--long") { Description = "longer storms, 50 % faults, 10 leader kills, and the 2 x 5 minute degrade benchmark" };
        var names = string.Join(", ", All.Select(s => s.Name));
        var only = new Option<string[]>("--scenario") { Description = $"run only these ({names})", AllowMultipleArgumentsPerToken = true };
        only.Validators.Add(result =>
        {
            foreach (var name in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (All.All(s => s.Name != name))
                {
                    result.AddError($"--scenario: '{name}' is not a scenario; choose from {names}");
                }
            }
        });
        var seed = new Option<int>("--seed") { Description = "seed of demand, deaths and faults", DefaultValueFactory = _ => 15 };
        var degradeMinutes = new Option<double>("--degrade-minutes") { Description = "length of each degrade run", DefaultValueFactory = _ => 5 };
        var logs = new Option<string?>("--logs") { Description = "a directory for the degrade runs' replica logs and proxy call records (for reading where a run loses its time)" };
        var root = new RootCommand("The orchestrator's chaos suite: kill -9 storm, RunPod fault storm, database outage, poison task, replica failover, degrade benchmark")
        {
            shortForm, longForm, only, seed, degradeMinutes, logs,
        };
        root.SetAction(async (parse, _) =>
        {
            if (parse.GetValue(shortForm) && parse.GetValue(longForm))
            {
                await error.WriteLineAsync("--short and --long: choose one").ConfigureAwait(false);
                return 2;
            }
            var scale = new ChaosScale(parse.GetValue(longForm), parse.GetValue(seed)) { DegradeRun = TimeSpan.FromMinutes(parse.GetValue(degradeMinutes)), LogDirectory = parse.GetValue(logs) };
            var chosen = parse.GetValue(only) is { Length: > 0 } wanted
                ? All.Where(s => wanted.Contains(s.Name)).ToList()
                : All.Where(s => scale.Long || s.InShortForm).ToList();
            return await RunScenariosAsync(chosen, scale, output, error).ConfigureAwait(false);
        });
        var result = root.Parse(args);
        if (result.Errors.Count > 0)
        {
            foreach (var problem in result.Errors)
            {
                await error.WriteLineAsync(problem.Message).ConfigureAwait(false);
            }
            await error.WriteLineAsync("see --help").ConfigureAwait(false);
            return 2;
        }
        return await result.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }).ConfigureAwait(false);
    }

    private static async Task<int> RunScenariosAsync(IReadOnlyList<IChaosScenario> scenarios, ChaosScale scale, TextWriter output, TextWriter error)
    {
        var clock = Stopwatch.StartNew();
        await using var postgres = await ThrowawayPostgres.StartAsync().ConfigureAwait(false);
        var broken = 0;
        foreach (var scenario in scenarios)
        {
            await error.WriteLineAsync($"chaos {scenario.Name} ({(scale.Long ? "long" : "short")} form)...").ConfigureAwait(false);
            IReadOnlyList<ChaosFigures> lines;
            try
            {
                lines = await scenario.RunAsync(postgres, scale, error).ConfigureAwait(false);
            }
            catch (TimeoutException ex)
            {
                broken++;
                await output.WriteLineAsync($"chaos {scenario.Name}: BROKEN: {ex.Message}").ConfigureAwait(false);
                continue;
            }
            foreach (var figures in lines)
            {
                await output.WriteLineAsync(figures.Line()).ConfigureAwait(false);
                if (figures.CrashEvidence.Length > 0)
                {
                    await error.WriteLineAsync(figures.CrashEvidence).ConfigureAwait(false);
                }
                broken += figures.Ok ? 0 : 1;
            }
        }
        await output.WriteLineAsync($"chaos: {scenarios.Count} scenarios in {clock.Elapsed.TotalSeconds:0} s, {(broken == 0 ? "every invariant held" : $"{broken} broke an invariant")}").ConfigureAwait(false);
        return broken == 0 ? 0 : 1;
    }
}
