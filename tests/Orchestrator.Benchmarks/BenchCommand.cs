using System.CommandLine;
using System.Text.Json;
using Orchestrator.Benchmarks.Soak;

namespace Orchestrator.Benchmarks;

/// <summary>
/// The benchmarks' command line: one subcommand per subject, <c>--help</c> everywhere, and an unknown or
/// malformed token refused with exit code 2 before any PostgreSQL starts.
/// </summary>
public static class BenchCommand
{
    public const int Ok = 0;
    public const int BadInput = 2;

    /// <summary>JSON for <c>--json</c>: snake_case names, indented.</summary>
    public static JsonSerializerOptions Json { get; } = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var parse = Build(output, error).Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var problem in parse.Errors)
            {
                await error.WriteLineAsync(problem.Message).ConfigureAwait(false);
            }
            await error.WriteLineAsync("see --help").ConfigureAwait(false);
            return BadInput;
        }
        return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken).ConfigureAwait(false);
    }

    private static RootCommand Build(TextWriter output, TextWriter error)
    {
        var storeIterations = Positive("--iterations", 20, "timed ObserveAsync calls per fleet size, after one warm-up");
        var storeJson = JsonFlag();
        var storeLarge = new Option<bool>("--large") { Description = "only the large sizes: 5,000 workers and 1,000,000 task rows" };
        var store = new Command("store", "round trips and wall time of the PostgreSQL store's observation over fleets and task histories of several sizes")
        {
            storeIterations, storeJson, storeLarge,
        };
        store.SetAction((parse, ct) =>
            StoreBenchmark.RunAsync(parse.GetValue(storeIterations), parse.GetValue(storeJson), parse.GetValue(storeLarge), output, error, ct));

        var wakeIterations = Positive("--iterations", 5, "samples per mode (NOTIFY wake-up, polling only)");
        var poll = Positive("--poll", 10, "the service's poll interval, seconds");
        var wakeJson = JsonFlag();
        var wakeup = new Command("wakeup", "queued task to pod create call, with the NOTIFY wake-up and with polling only, side by side")
        {
            wakeIterations, poll, wakeJson,
        };
        wakeup.SetAction((parse, ct) =>
            WakeupBenchmark.RunAsync(parse.GetValue(wakeIterations), parse.GetValue(poll), parse.GetValue(wakeJson), output, error, ct));

        var pods = Positive("--pods", 20, "pods in the burst");
        var delay = new Option<double>("--command-delay") { Description = "seconds sshd waits before every remote command", DefaultValueFactory = _ => 0.5 };
        var spawnParallelism = Orchestrator.Cli.CliOptions.Count("--spawn-parallelism", "creates in flight at once (SPAWN_PARALLELISM)",
            new Orchestrator.Core.Options.CycleOptions().SpawnParallelism, 1, 64);
        var bootJson = JsonFlag();
        var bootstrap = new Command("bootstrap", "one pod against a burst, create to launched worker, against a loopback sshd pod; SSH connections and service CPU per pod")
        {
            pods, delay, spawnParallelism, bootJson,
        };
        bootstrap.SetAction((parse, ct) =>
            BootstrapBench.RunAsync(parse.GetValue(pods), parse.GetValue(delay), parse.GetValue(spawnParallelism), parse.GetValue(bootJson), output, error, ct));

        var historyIterations = Positive("--iterations", 20, "timed ReadHistoryAsync calls per size, after one warm-up");
        var historyJson = JsonFlag();
        var history = new Command("history", "wall time of the status page's store read (last 50 decisions, spend since midnight UTC) over audit tables of several sizes")
        {
            historyIterations, historyJson,
        };
        history.SetAction((parse, ct) => HistoryBenchmark.RunAsync(parse.GetValue(historyIterations), parse.GetValue(historyJson), output, error, ct));

        return new RootCommand("Benchmarks of the GPU worker orchestrator on a throwaway PostgreSQL (PG_BIN or /usr/lib/postgresql/*/bin) and a loopback sshd")
        {
            store, wakeup, bootstrap, history, SoakCommand(output, error),
        };
    }

    private static Command SoakCommand(TextWriter output, TextWriter error)
    {
        var cycles = Positive("--cycles", 10_000, "control cycles per variant");
        var every = Positive("--every", 1_000, "cycles between samples");
        var poll = Positive("--poll", 1, "the service's poll interval during the soak, seconds (new tasks wake it sooner)");
        var idle = Positive("--idle", 30, "seconds the service runs with no demand at the default poll before the idle sample");
        var variants = new Option<string[]>("--variants")
        {
            Description = "runtime variants side by side, comma-separated: " + string.Join(", ", SoakVariant.All.Select(v => v.Name)),
            DefaultValueFactory = _ => ["default"],
            AllowMultipleArgumentsPerToken = true,
            CustomParser = result => [.. result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
        };
        variants.Validators.Add(result =>
        {
            foreach (var name in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (SoakVariant.Find(name) is null)
                {
                    result.AddError($"--variants: unknown variant '{name}' (known: {string.Join(", ", SoakVariant.All.Select(v => v.Name))})");
                }
            }
        });
        var json = JsonFlag();
        var soak = new Command("soak", "the real `orchestrator run` as a child process for N cycles of churning demand against PostgreSQL and the RunPod fake: RSS, GC heap, connections, threads every --every cycles, per runtime variant")
        {
            cycles, every, poll, idle, variants, json,
        };
        soak.SetAction((parse, ct) => SoakBenchmark.RunAsync(
            new SoakSettings(parse.GetValue(cycles), parse.GetValue(every), parse.GetValue(poll), parse.GetValue(idle)),
            [.. parse.GetValue(variants)!.Select(name => SoakVariant.Find(name)!)], parse.GetValue(json), output, error, ct));
        return soak;
    }

    private static Option<bool> JsonFlag() => new("--json") { Description = "print the results as one JSON document (progress goes to stderr)" };

    private static Option<int> Positive(string name, int fallback, string description)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => fallback };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError($"{name}: must be a whole number of at least 1");
            }
        });
        return option;
    }
}
