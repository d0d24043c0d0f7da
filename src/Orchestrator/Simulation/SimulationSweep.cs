using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;

namespace Orchestrator.Simulation;

/// <summary>One combination of swept settings, replayed on every chosen scenario with the configured policy.</summary>
public sealed record SweepPoint(IReadOnlyDictionary<string, string> Settings, IReadOnlyList<SimulationResult> Results)
{
    public decimal CostUsd => Results.Sum(r => r.CostUsd);
    public double WaitP95Seconds => Results.Average(r => r.WaitP95Seconds);
    public double WaitP50Seconds => Results.Average(r => r.WaitP50Seconds);
    public string Label => Settings.Count == 0 ? "(as configured)" : string.Join(" ", Settings.Select(s => $"{s.Key}={s.Value}"));
}

/// <summary>
/// <c>simulate --sweep</c>: every combination of the swept settings on every chosen scenario, side by side on
/// the available cores, then the cost / p95 frontier (total cost over the scenarios, mean p95 wait).
/// </summary>
public static class SimulationSweep
{
    public static async Task<IReadOnlyList<SweepPoint>> RunAsync(IReadOnlyList<Scenario> scenarios, IReadOnlyList<(IReadOnlyDictionary<string, string> Settings, SimulationSetup Setup)> combinations,
        TextWriter progress, CancellationToken cancellationToken)
    {
        var jobs = combinations.SelectMany((c, i) => scenarios.Select((s, j) => (Combination: i, Scenario: j))).ToList();
        var results = new SimulationResult[combinations.Count, scenarios.Count];
        var done = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(jobs, parallel, async (job, token) =>
        {
            var run = new SimulationRun(scenarios[job.Scenario], combinations[job.Combination].Setup, NullLoggerFactory.Instance);
            var result = await run.RunAsync(token).ConfigureAwait(false);
            results[job.Combination, job.Scenario] = result;
            var n = Interlocked.Increment(ref done);
            lock (progress)
            {
                progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"sweep: {n}/{jobs.Count} {(combinations[job.Combination].Settings.Count == 0 ? $"[{result.Policy}]" : new SweepPoint(combinations[job.Combination].Settings, []).Label)} on {result.Scenario}: ${result.CostUsd:0.00}, p95 {result.WaitP95Seconds:0} s ({result.ReplayTime.TotalSeconds:0.0} s wall)"));
            }
        }).ConfigureAwait(false);
        return [.. combinations.Select((c, i) => new SweepPoint(c.Settings, [.. Enumerable.Range(0, scenarios.Count).Select(j => results[i, j])]))];
    }

    /// <summary>On the frontier: no other point is at most as dear and at most as slow, and better on one.</summary>
    public static bool OnFrontier(SweepPoint point, IReadOnlyList<SweepPoint> all) => !all.Any(o =>
        o.CostUsd <= point.CostUsd && o.WaitP95Seconds <= point.WaitP95Seconds && (o.CostUsd < point.CostUsd || o.WaitP95Seconds < point.WaitP95Seconds));

    /// <summary>The cheapest point that also has the lowest mean p95 wait, if one point is both.</summary>
    public static SweepPoint? BestOnBoth(IReadOnlyList<SweepPoint> all)
    {
        var cheapest = all.Min(p => p.CostUsd);
        var fastest = all.Min(p => p.WaitP95Seconds);
        return all.FirstOrDefault(p => p.CostUsd == cheapest && p.WaitP95Seconds == fastest);
    }

    public static string Json(IReadOnlyList<SweepPoint> points, IReadOnlyList<SweepPoint> references)
    {
        var best = BestOnBoth(points);
        JsonObject Node(SweepPoint p, string? reference) => new()
        {
            ["settings"] = new JsonObject([.. p.Settings.Select(s => KeyValuePair.Create(s.Key, (JsonNode?)JsonValue.Create(double.Parse(s.Value, CultureInfo.InvariantCulture))))]),
            ["reference"] = reference,
            ["cost_usd"] = p.CostUsd,
            ["wait_p95_seconds"] = Math.Round(p.WaitP95Seconds, 1),
            ["wait_p50_seconds"] = Math.Round(p.WaitP50Seconds, 1),
            ["on_frontier"] = reference is null && OnFrontier(p, points),
            ["best_on_both"] = ReferenceEquals(p, best),
        };
        var array = new JsonArray([.. points.Select(p => Node(p, null)), .. references.Select(r => Node(r, r.Results[0].Policy))]);
        return new JsonObject { ["sweep"] = array }.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>The table, cheapest first; the frontier marked "*", the point best on both "**"; legacy and bound as references.</summary>
    public static string Text(IReadOnlyList<SweepPoint> points, IReadOnlyList<SweepPoint> references, int scenarios)
    {
        var text = new StringBuilder();
        var best = BestOnBoth(points);
        text.AppendLine(CultureInfo.InvariantCulture, $"Sweep: {points.Count} combination(s) x {scenarios} scenario(s); cost = total over the scenarios, p95/p50 = mean over them");
        text.AppendLine(CultureInfo.InvariantCulture, $"  {"",2} {"cost $",9} {"p95 s",7} {"p50 s",7}  settings");
        foreach (var p in points.OrderBy(p => p.CostUsd).ThenBy(p => p.WaitP95Seconds))
        {
            var mark = ReferenceEquals(p, best) ? "**" : OnFrontier(p, points) ? "*" : "";
            text.AppendLine(CultureInfo.InvariantCulture, $"  {mark,2} {p.CostUsd,9:0.00} {p.WaitP95Seconds,7:0} {p.WaitP50Seconds,7:0}  {p.Label}");
        }
        foreach (var r in references)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {"",2} {r.CostUsd,9:0.00} {r.WaitP95Seconds,7:0} {r.WaitP50Seconds,7:0}  [{r.Results[0].Policy}]");
        }
        text.AppendLine(best is null
            ? "* = on the cost/p95 frontier; no combination is best on both."
            : $"* = on the cost/p95 frontier; ** = best on both cost and p95: {best.Label}");
        return text.ToString();
    }
}
