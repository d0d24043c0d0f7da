using System.Globalization;
using System.Text.Json;
using Orchestrator.TestSupport;

namespace Orchestrator.Benchmarks.Soak;

/// <summary>
/// <c>soak [--cycles N] [--every N] [--poll S] [--idle S] [--variants a,b] [--json]</c>: the real <c>orchestrator run</c> as a
/// child process against a throwaway PostgreSQL and the loopback RunPod fake, for N cycles of churning demand; its resident
/// set, GC heap, PostgreSQL connections and threads at the start and every <c>--every</c> cycles, per runtime variant side by
/// side. Prints numbers; asserts nothing.
/// </summary>
public static class SoakBenchmark
{
    public static async Task<int> RunAsync(SoakSettings settings, IReadOnlyList<SoakVariant> variants, bool json, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var progress = json ? error : output;
        await progress.WriteLineAsync("starting a throwaway PostgreSQL...").ConfigureAwait(false);
        await using var server = await ThrowawayPostgres.StartAsync(cancellationToken).ConfigureAwait(false);
        await server.CreateDatabaseAsync("soak_template", cancellationToken: cancellationToken).ConfigureAwait(false);
        await server.LoadSchemaAsync("soak_template", cancellationToken).ConfigureAwait(false);
        var results = new List<SoakResult>();
        for (var i = 0; i < variants.Count; i++)
        {
            results.Add(await new SoakRun(server, variants[i], settings, progress).RunAsync(i, cancellationToken).ConfigureAwait(false));
        }
        await output.WriteLineAsync(json ? Json(settings, results) : Report(settings, results)).ConfigureAwait(false);
        return BenchCommand.Ok;
    }

    private static string Report(SoakSettings settings, List<SoakResult> results)
    {
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture,
                $"soak: {settings.Cycles} cycles per variant at ORCHESTRATOR_POLL_SEC={settings.PollSeconds}, demand 0-{SoakDemand.Peak}-0 queued every {SoakDemand.Period} cycles; idle = default poll, no demand, after {settings.IdleSeconds} s; growth = last vs the sample at {settings.Every} cycles"),
        };
        foreach (var result in results)
        {
            lines.Add($"-- {result.Variant.Name}: {result.Variant.Description} {string.Join(' ', result.Variant.Environment.Select(kv => $"{kv.Key}={kv.Value}"))}");
            lines.Add(SoakSample.Header);
            lines.AddRange(result.Samples.Select(s => s.Line()));
            lines.AddRange(result.FirstErrors.Select(e => $"error line: {e}"));
        }
        lines.Add(SoakResult.SummaryHeader);
        lines.AddRange(results.Select(r => r.Summary()));
        return string.Join(Environment.NewLine, lines);
    }

    private static string Json(SoakSettings settings, List<SoakResult> results) => JsonSerializer.Serialize(new
    {
        settings.Cycles,
        settings.Every,
        poll_sec = settings.PollSeconds,
        idle_sec = settings.IdleSeconds,
        variants = results.Select(r => new
        {
            name = r.Variant.Name,
            environment = r.Variant.Environment,
            idle = r.Idle,
            samples = r.Samples,
            rss_growth_percent = Math.Round(r.RssGrowthPercent, 1),
            heap_growth_percent = Math.Round(r.HeapGrowthPercent, 1),
            cycles_per_second = Math.Round(r.CyclesPerSecond, 1),
            create_calls = r.CreateCalls,
            error_lines = r.ErrorLines,
            first_errors = r.FirstErrors,
            exit_code = r.ExitCode,
        }),
    }, BenchCommand.Json);
}
