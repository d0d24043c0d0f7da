using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Simulation;

/// <summary>Renders side-by-side results (configured, legacy, clairvoyant bound) as a text table, a Markdown table or JSON.</summary>
public static class SimulationReport
{
    private static readonly (string Label, Func<SimulationResult, string> Value)[] Rows =
    [
        ("tasks done", r => $"{r.TasksDone}/{r.TasksTotal}"),
        ("tasks failed (attempts used up)", r => N(r.TasksFailed)),
        ("queue wait p50 (s)", r => N(r.WaitP50Seconds)),
        ("queue wait p95 (s)", r => N(r.WaitP95Seconds)),
        ("queue wait max (s)", r => N(r.WaitMaxSeconds)),
        ("GPU-hours billed", r => N(r.GpuHoursBilled)),
        ("cost ($)", r => r.CostUsd.ToString("0.00", CultureInfo.InvariantCulture)),
        ("  of which booting", r => N(r.BootGpuHours)),
        ("useful GPU-hours", r => N(r.UsefulGpuHours)),
        ("overhead (billed / useful)", r => N(r.OverheadRatio)),
        ("pods created", r => N(r.PodsCreated)),
        ("failed creates (no capacity)", r => N(r.FailedCreates)),
        ("pods killed while idle", r => N(r.PodsKilledIdle)),
        ("boot-then-kill churn", r => N(r.BootThenKillChurn)),
        ("spot pods / interrupted", r => $"{r.SpotPods}/{r.SpotInterruptions}"),
        ("max concurrent pods", r => N(r.MaxConcurrentPods)),
        ("pods billing at end", r => N(r.PodsBillingAtEnd)),
    ];

    public static string Text(IReadOnlyList<SideBySide> results)
    {
        var text = new StringBuilder();
        foreach (var item in results)
        {
            var c = item.Candidate;
            var columns = Columns(item);
            text.AppendLine(CultureInfo.InvariantCulture, $"Scenario {item.Scenario.Name}: {item.Scenario.Description} (seed {c.Seed}, {c.SimulatedHours:0.#} h simulated)");
            text.AppendLine(CultureInfo.InvariantCulture, $"  {"",-32}{string.Concat(columns.Select(r => $" {r.Policy,12}"))}");
            foreach (var (label, value) in Rows)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  {label,-32}{string.Concat(columns.Select(r => $" {value(r),12}"))}");
            }
            text.AppendLine(CultureInfo.InvariantCulture, $"  => {c.Policy}: {item.Verdict} ({Delta(c.CostUsd, item.Baseline.CostUsd)} cost vs {item.Baseline.Policy}){Gap(item)}");
            text.AppendLine();
        }
        if (results.Count > 1)
        {
            text.AppendLine(Summary(results));
        }
        return text.ToString();
    }

    /// <summary>Wins, ties and the rest, counted separately, and the share of the legacy-to-bound gap closed.</summary>
    public static string Summary(IReadOnlyList<SideBySide> results)
    {
        // Summed over the scenarios that have a gap, so one scenario's tiny gap cannot swing the figure.
        var withGap = results.Where(r => r.GapClosed is not null).ToList();
        var saved = withGap.Sum(r => r.Baseline.CostUsd - r.Candidate.CostUsd);
        var total = withGap.Sum(r => r.Baseline.CostUsd - r.Bound!.CostUsd);
        var gap = withGap.Count == 0 ? "" : string.Create(CultureInfo.InvariantCulture,
            $"; over the {withGap.Count} scenario(s) where the bound is cheaper than legacy it closes {saved / total:0%} of the legacy-to-bound cost gap (${saved:0.00} of ${total:0.00}; per scenario {string.Join(", ", results.Select(r => r.GapClosed is { } g ? g.ToString("0%", CultureInfo.InvariantCulture) : "n/a"))})");
        return string.Create(CultureInfo.InvariantCulture,
            $"{results[0].Candidate.Policy} is cheaper (by more than 1 %) at equal or better p95 wait on {results.Count(r => r.CheaperAtEqualWait)} of {results.Count} scenarios, ties on {results.Count(r => r.Tie)}, and is otherwise different on {results.Count(r => !r.CheaperAtEqualWait && !r.Tie)}{gap}.");
    }

    /// <summary>One row per scenario, the three columns side by side (the table in docs/simulator.md).</summary>
    public static string Markdown(IReadOnlyList<SideBySide> results)
    {
        var text = new StringBuilder();
        text.AppendLine("| scenario | cost $ (default / legacy / bound) | p95 wait s | p50 wait s | gap closed | GPU-h billed | overhead | pods created | churn | verdict |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            var cols = Columns(r);
            string All(Func<SimulationResult, string> f) => string.Join(" / ", cols.Select(f));
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Scenario.Name} | {All(x => x.CostUsd.ToString("0.00", CultureInfo.InvariantCulture))} ({Delta(r.Candidate.CostUsd, r.Baseline.CostUsd)}) | {All(x => N(x.WaitP95Seconds))} | {All(x => N(x.WaitP50Seconds))} | {(r.GapClosed is { } g ? g.ToString("0%", CultureInfo.InvariantCulture) : "n/a")} | {All(x => N(x.GpuHoursBilled))} | {All(x => N(x.OverheadRatio))} | {All(x => N(x.PodsCreated))} | {All(x => N(x.BootThenKillChurn))} | {r.Verdict} |");
        }
        return text.ToString();
    }

    private static List<SimulationResult> Columns(SideBySide item) =>
        item.Bound is { } bound ? [item.Candidate, item.Baseline, bound] : [item.Candidate, item.Baseline];

    private static string Gap(SideBySide item) => item.Bound is null ? ""
        : item.GapClosed is { } g ? string.Create(CultureInfo.InvariantCulture, $"; closes {g:0%} of the legacy-to-bound gap (${item.Baseline.CostUsd - item.Bound.CostUsd:0.00})")
        : "; the bound is not cheaper than legacy here (no gap to close)";

    public static string Json(IReadOnlyList<SideBySide> results)
    {
        var array = new JsonArray();
        foreach (var r in results)
        {
            array.Add((JsonNode)new JsonObject
            {
                ["scenario"] = r.Scenario.Name,
                ["description"] = r.Scenario.Description,
                ["policy"] = JsonSerializer.SerializeToNode(r.Candidate, ResultJson.SimulationResult),
                ["baseline"] = JsonSerializer.SerializeToNode(r.Baseline, ResultJson.SimulationResult),
                ["bound"] = r.Bound is null ? null : JsonSerializer.SerializeToNode(r.Bound, ResultJson.SimulationResult),
                ["gap_closed"] = r.GapClosed is { } g ? Math.Round(g, 3) : null,
                ["cheaper_at_equal_or_better_p95"] = r.CheaperAtEqualWait,
                ["tie"] = r.Tie,
                ["verdict"] = r.Verdict,
                ["series"] = Series(r),
            });
        }
        return new JsonObject { ["scenarios"] = array }.ToJsonString(Options);
    }

    /// <summary>Per simulated minute and per policy: queued, running, pods by state, dollars so far (one array per figure).</summary>
    private static JsonObject Series(SideBySide r)
    {
        var series = new JsonObject();
        foreach (var column in Columns(r))
        {
            var s = column.Series;
            series[column.Policy] = new JsonObject
            {
                ["minute"] = Column(s, x => x.Minute),
                ["queued"] = Column(s, x => x.Queued),
                ["running"] = Column(s, x => x.Running),
                ["pods_booting"] = Column(s, x => x.PodsBooting),
                ["pods_idle"] = Column(s, x => x.PodsIdle),
                ["pods_busy"] = Column(s, x => x.PodsBusy),
                ["cost_usd"] = Column(s, x => x.CostUsd),
            };
        }
        return series;
    }

    private static JsonArray Column(IReadOnlyList<SimulationSample> series, Func<SimulationSample, JsonNode?> value) =>
        new([.. series.Select(value)]);

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The result's properties, source-generated (after <see cref="Options"/>, which it is bound to).</summary>
    private static readonly SimulationJson ResultJson = new(Options);

    private static string Delta(decimal candidate, decimal baseline) =>
        baseline == 0 ? "n/a" : ((candidate - baseline) / baseline).ToString("+0%;-0%;0%", CultureInfo.InvariantCulture);

    private static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);
}
