using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Core.Options;
using Orchestrator.Core.Ports;
using Orchestrator.Postgres;
using Orchestrator.TestSupport;

namespace Orchestrator.Benchmarks;

/// <summary>
/// <c>history [--iterations N] [--json]</c>: the status page's store read (<see cref="NpgsqlFleetStore.ReadHistoryAsync"/>,
/// migration 017) over audit tables and worker histories of several sizes, on a throwaway PostgreSQL. In each, one
/// audit row in 5,000 decided something (the rest are "steady" cycle rows) and every worker but ten has ended.
/// </summary>
public static class HistoryBenchmark
{
    private static readonly (int Events, int Workers)[] Sizes = [(1_000, 100), (100_000, 10_000), (1_000_000, 100_000)];

    private const string Seed = """
        INSERT INTO orchestrator_events (at, cycle_id, kind, worker_id, reason)
          SELECT now() - make_interval(secs => @events - g), gen_random_uuid(), 'cycle', NULL,
                 CASE WHEN g % 5000 = 0 THEN 'scale-up-demand' ELSE 'steady' END
            FROM generate_series(1, @events) g;
        INSERT INTO orchestrator_workers (worker_id, state, state_since, created_at, updated_at, cost_per_hr)
          SELECT 'gpu-bench-' || g, CASE WHEN g <= 10 THEN 'active' ELSE 'terminated' END, now() - make_interval(mins => g),
                 now() - make_interval(mins => g + 60), now(), 0.69
            FROM generate_series(1, @workers) g;
        ANALYZE;
        """;

    /// <summary>One size's figures.</summary>
    public sealed record Row(int AuditRows, int Workers, int Decisions, decimal SpendToday, double MeanMs, double P50Ms, double MaxMs)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"{AuditRows,10} {Workers,8} {Decisions,9} {SpendToday,11:0.00} {MeanMs,8:0.00} {P50Ms,7:0.00} {MaxMs,7:0.00}");
    }

    public static async Task<int> RunAsync(int iterations, bool json, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var progress = json ? error : output;
        await progress.WriteLineAsync("starting a throwaway PostgreSQL...").ConfigureAwait(false);
        await using var server = await ThrowawayPostgres.StartAsync(cancellationToken).ConfigureAwait(false);
        await server.CreateDatabaseAsync("bench_template", cancellationToken: cancellationToken).ConfigureAwait(false);
        await server.LoadSchemaAsync("bench_template", cancellationToken).ConfigureAwait(false);
        await progress.WriteLineAsync($"ReadHistoryAsync (50 decisions, spend since midnight UTC), {iterations} timed calls after one warm-up").ConfigureAwait(false);
        if (!json)
        {
            await output.WriteLineAsync("audit_rows  workers decisions spend_today  mean_ms  p50_ms  max_ms").ConfigureAwait(false);
        }
        var rows = new List<Row>();
        var index = 0;
        foreach (var (events, workers) in Sizes)
        {
            var database = $"history_{index++}";
            await server.CreateDatabaseAsync(database, "bench_template", cancellationToken).ConfigureAwait(false);
            var row = await MeasureAsync(server.ConnectionString(database), events, workers, iterations, cancellationToken).ConfigureAwait(false);
            rows.Add(row);
            if (!json)
            {
                await output.WriteLineAsync(row.ToString()).ConfigureAwait(false);
            }
            await server.DropDatabaseAsync(database, cancellationToken).ConfigureAwait(false);
        }
        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(new { iterations, sizes = rows }, BenchCommand.Json)).ConfigureAwait(false);
        }
        return BenchCommand.Ok;
    }

    private static async Task<Row> MeasureAsync(string connectionString, int events, int workers, int iterations, CancellationToken cancellationToken)
    {
        await using var dataSource = FleetDataSource.Create(connectionString);
        await using (var seed = dataSource.CreateCommand(Seed.Replace("@events", events.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                         .Replace("@workers", workers.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)))
        {
            seed.CommandTimeout = 600;
            await seed.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        var store = new NpgsqlFleetStore(dataSource, new DemandOptions(), NullLogger<NpgsqlFleetStore>.Instance);
        var now = DateTimeOffset.UtcNow;
        var request = new HistoryRequest(now, new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero), 50);
        var history = await store.ReadHistoryAsync(request, cancellationToken).ConfigureAwait(false);
        var timings = new List<double>();
        for (var i = 0; i < iterations; i++)
        {
            var clock = Stopwatch.StartNew();
            history = await store.ReadHistoryAsync(request, cancellationToken).ConfigureAwait(false);
            timings.Add(clock.Elapsed.TotalMilliseconds);
        }
        timings.Sort();
        return new Row(events, workers, history.Decisions.Count, history.Spend, timings.Average(), timings[timings.Count / 2], timings[^1]);
    }
}
