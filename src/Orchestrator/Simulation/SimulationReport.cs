using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Simulation;

/// <summary>Renders side-by-side results as a text table, a Markdown table or JSON.</summary>
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
        ("max concurrent pods", r => N(r.MaxConcurrentPods)),
        ("pods billing at end", r => N(r.PodsBillingAtEnd)),
    ];

    public static string Text(IReadOnlyList<SideBySide> results)
    {
        var text = new StringBuilder();
        foreach (var item in results)
        {
            var c = item.Candidate;
            text.AppendLine(CultureInfo.InvariantCulture, $"Scenario {item.Scenario.Name}: {item.Scenario.Description} (seed {c.Seed}, {c.SimulatedHours:0.#} h simulated)");
            text.AppendLine(CultureInfo.InvariantCulture, $"  {"",-32} {c.Policy,12} {item.Baseline.Policy,12}");
            foreach (var (label, value) in Rows)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  {label,-32} {value(c),12} {value(item.Baseline),12}");
            }
            text.AppendLine(CultureInfo.InvariantCulture, $"  => {c.Policy}: {item.Verdict} ({Delta(c.CostUsd, item.Baseline.CostUsd)} cost)");
            text.AppendLine();
        }
        if (results.Count > 1)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{results[0].Candidate.Policy} is cheaper at equal or better p95 wait on {results.Count(r => r.CheaperAtEqualWait)} of {results.Count} scenarios.");
        }
        return text.ToString();
    }

    /// <summary>One row per scenario, both policies side by side (the table in docs/simulator.md).</summary>
    public static string Markdown(IReadOnlyList<SideBySide> results)
    {
        var text = new StringBuilder();
        text.AppendLine("| scenario | cost $ (default / legacy) | p95 wait s | p50 wait s | GPU-h billed | overhead | pods created | idle kills | churn | max pods | verdict |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            var (c, b) = (r.Candidate, r.Baseline);
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Scenario.Name} | {c.CostUsd:0.00} / {b.CostUsd:0.00} ({Delta(c.CostUsd, b.CostUsd)}) | {N(c.WaitP95Seconds)} / {N(b.WaitP95Seconds)} | {N(c.WaitP50Seconds)} / {N(b.WaitP50Seconds)} | {N(c.GpuHoursBilled)} / {N(b.GpuHoursBilled)} | {N(c.OverheadRatio)} / {N(b.OverheadRatio)} | {c.PodsCreated} / {b.PodsCreated} | {c.PodsKilledIdle} / {b.PodsKilledIdle} | {c.BootThenKillChurn} / {b.BootThenKillChurn} | {c.MaxConcurrentPods} / {b.MaxConcurrentPods} | {r.Verdict} |");
        }
        return text.ToString();
    }

    public static string Json(IReadOnlyList<SideBySide> results)
    {
        var array = new JsonArray();
        foreach (var r in results)
        {
            array.Add(new JsonObject
            {
                ["scenario"] = r.Scenario.Name,
                ["description"] = r.Scenario.Description,
                ["policy"] = JsonSerializer.SerializeToNode(r.Candidate, Options),
                ["baseline"] = JsonSerializer.SerializeToNode(r.Baseline, Options),
                ["cheaper_at_equal_or_better_p95"] = r.CheaperAtEqualWait,
                ["verdict"] = r.Verdict,
            });
        }
        return new JsonObject { ["scenarios"] = array }.ToJsonString(Options);
    }

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static string Delta(decimal candidate, decimal baseline) =>
        baseline == 0 ? "n/a" : ((candidate - baseline) / baseline).ToString("+0%;-0%;0%", CultureInfo.InvariantCulture);

    private static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);
}
