using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orchestrator.Core.Options;
using Orchestrator.Core.Ports;
using Orchestrator.Postgres;
using Orchestrator.TestSupport;

namespace Orchestrator.Benchmarks;

/// <summary>
/// <c>store [--iterations N] [--json]</c>: starts a throwaway PostgreSQL, loads the Reigh schema and the
/// migrations, and times <see cref="NpgsqlFleetStore.ObserveAsync"/> over fleets and task histories of
/// several sizes, with the round trips each observation took.
/// </summary>
public static class StoreBenchmark
{
    private static readonly (int Workers, int Tasks)[] Sizes =
    [
        (10, 10), (500, 10), (10, 10_000), (500, 10_000),
        (10, 100), (100, 100), (1_000, 100), (100, 10_000), (1_000, 10_000),
        (5_000, 10_000), (10, 1_000_000), (5_000, 1_000_000),
    ];

    /// <summary>Reigh's tasks table grows forever (issue 15 item 5): the sizes that show whether observation does too.</summary>
    private static bool IsLarge((int Workers, int Tasks) size) => size.Workers >= 5_000 || size.Tasks >= 1_000_000;

    /// <summary>
    /// One task in <c>every</c> is Queued and one In Progress, the rest Complete: 1 in 10 up to 10,000 rows (the
    /// figures in docs/store.md), 1 in 1,000 for a million (a live queue of 1,000 on a long history).
    /// </summary>
    private static int Every(int tasks) => tasks >= 1_000_000 ? 1_000 : 10;

    private const string Seed = """
        INSERT INTO users (id, credits) VALUES ('00000000-0000-0000-0000-0000000000b1', 1000);
        INSERT INTO projects (id, user_id) VALUES ('00000000-0000-0000-0000-0000000000c1', '00000000-0000-0000-0000-0000000000b1');
        INSERT INTO workers (id, instance_type, status, last_heartbeat, created_at)
          SELECT 'gpu-bench-' || g, 'NVIDIA GeForce RTX 4090', 'active', now(), now() - interval '2 hours' FROM generate_series(1, @workers) g;
        INSERT INTO orchestrator_workers (worker_id, state, state_since, created_at, updated_at, booted_at, pod_id, cost_per_hr)
          SELECT 'gpu-bench-' || g, 'active', now() - interval '1 hour', now() - interval '2 hours', now(), now() - interval '1 hour', 'pod-' || g, 0.69
            FROM generate_series(1, @workers) g;
        INSERT INTO tasks (task_type, project_id, status, worker_id, created_at, generation_started_at, generation_processed_at)
          SELECT 'travel_segment', '00000000-0000-0000-0000-0000000000c1',
                 (CASE g % @every WHEN 0 THEN 'Queued' WHEN 1 THEN 'In Progress' ELSE 'Complete' END)::task_status,
                 CASE WHEN g % @every = 0 THEN NULL ELSE 'gpu-bench-' || (1 + g % @workers) END,
                 now() - make_interval(secs => g),
                 CASE WHEN g % @every = 0 THEN NULL ELSE now() - make_interval(secs => g) END,
                 CASE WHEN g % @every > 1 THEN now() - make_interval(secs => g) + interval '30 seconds' END
            FROM generate_series(1, @tasks) g;
        ANALYZE;
        """;

    /// <summary>One fleet size's figures.</summary>
    /// <remarks><see cref="ServerMs"/>: the database's own time for the same call (EXPLAIN ANALYZE's planning plus execution,
    /// mean of as many calls), so what the rest of <see cref="MeanMs"/> costs (the wire, Npgsql, the rows read into views) shows.</remarks>
    public sealed record Row(int Workers, int Tasks, double RoundTripsPerObserve, double MeanMs, double P50Ms, double MaxMs, double ServerMs)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"{Workers,7} {Tasks,9} {RoundTripsPerObserve,20:0.##} {MeanMs,8:0.00} {P50Ms,7:0.00} {MaxMs,7:0.00} {ServerMs,10:0.00}");
    }

    public static async Task<int> RunAsync(int iterations, bool json, bool largeOnly, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var progress = json ? error : output;
        await progress.WriteLineAsync("starting a throwaway PostgreSQL...").ConfigureAwait(false);
        await using var server = await ThrowawayPostgres.StartAsync(cancellationToken).ConfigureAwait(false);
        await server.CreateDatabaseAsync("bench_template", cancellationToken: cancellationToken).ConfigureAwait(false);
        await server.LoadSchemaAsync("bench_template", cancellationToken).ConfigureAwait(false);
        await progress.WriteLineAsync($"ObserveAsync, {iterations} timed calls after {WarmUp} warm-up calls, per fleet size (demand mode reigh)").ConfigureAwait(false);
        if (!json)
        {
            await output.WriteLineAsync("workers     tasks  round_trips/observe  mean_ms  p50_ms  max_ms  server_ms").ConfigureAwait(false);
        }
        var rows = new List<Row>();
        var index = 0;
        foreach (var (workers, tasks) in Sizes.Where(s => !largeOnly || IsLarge(s)))
        {
            var database = $"bench_{index++}";
            await server.CreateDatabaseAsync(database, "bench_template", cancellationToken).ConfigureAwait(false);
            var row = await MeasureAsync(server.ConnectionString(database), workers, tasks, iterations, cancellationToken).ConfigureAwait(false);
            rows.Add(row);
            if (!json)
            {
                await output.WriteLineAsync(row.ToString()).ConfigureAwait(false);
            }
            await server.DropDatabaseAsync(database, cancellationToken).ConfigureAwait(false);
        }
        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(new { iterations, demand_mode = "reigh", sizes = rows }, BenchCommand.Json)).ConfigureAwait(false);
        }
        return BenchCommand.Ok;
    }

    /// <summary>
    /// Calls before the timed ones. One was too few: the JIT recompiles a method optimised only after about 30 calls,
    /// so the first size measured ran first-tier code (5,000 workers x 10,000 tasks: 69-101 ms after one or five calls,
    /// 27-34 ms in a process that had run other sizes first). The shipped image is compiled ahead of time and has no
    /// such phase.
    /// </summary>
    private const int WarmUp = 40;

    private static async Task<Row> MeasureAsync(string connectionString, int workers, int tasks, int iterations, CancellationToken cancellationToken)
    {
        await using var dataSource = FleetDataSource.Create(connectionString);
        await using (var seed = dataSource.CreateCommand(Seed.Replace("@workers", workers.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                         .Replace("@tasks", tasks.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                         .Replace("@every", Every(tasks).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)))
        {
            seed.CommandTimeout = 600;
            await seed.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        var store = new NpgsqlFleetStore(dataSource, new DemandOptions { Mode = "reigh" }, NullLogger<NpgsqlFleetStore>.Instance);
        var request = new ObservationRequest(DateTimeOffset.UtcNow, ["gpu-bench-1"], TimeSpan.FromMinutes(30));
        for (var i = 0; i < WarmUp; i++)
        {
            await store.ObserveAsync(request, cancellationToken).ConfigureAwait(false);
        }
        var before = store.RoundTrips.Count;
        var timings = new List<double>();
        for (var i = 0; i < iterations; i++)
        {
            var clock = Stopwatch.StartNew();
            var observation = await store.ObserveAsync(request, cancellationToken).ConfigureAwait(false);
            timings.Add(clock.Elapsed.TotalMilliseconds);
            _ = observation;
        }
        var perObserve = (double)(store.RoundTrips.Count - before) / iterations;
        timings.Sort();
        var server = await ServerMsAsync(dataSource, request, iterations, cancellationToken).ConfigureAwait(false);
        return new Row(workers, tasks, perObserve, timings.Average(), timings[timings.Count / 2], timings[^1], server);
    }

    /// <summary>The same call as the store's (its arguments, demand mode reigh), timed by the database itself.</summary>
    private static async Task<double> ServerMsAsync(NpgsqlDataSource dataSource, ObservationRequest request, int iterations, CancellationToken cancellationToken)
    {
        var demand = new DemandOptions { Mode = "reigh" };
        var total = 0.0;
        for (var i = 0; i < iterations; i++)
        {
            await using var explain = dataSource.CreateCommand(
                "EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) SELECT * FROM orchestrator_observe_rows($1, $2, $3, $4, $5, $6)");
            explain.Parameters.Add(new NpgsqlParameter { Value = request.PodNames.ToArray() });
            explain.Parameters.Add(new NpgsqlParameter { Value = request.Now - request.OutcomeWindow });
            explain.Parameters.Add(new NpgsqlParameter { Value = request.Now - demand.MaxTaskAge });
            explain.Parameters.Add(new NpgsqlParameter { Value = demand.Mode });
            explain.Parameters.Add(new NpgsqlParameter { Value = demand.RunType });
            explain.Parameters.Add(new NpgsqlParameter { Value = request.Now - demand.ArrivalWindow });
            using var plan = JsonDocument.Parse((string)(await explain.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!);
            var root = plan.RootElement[0];
            total += root.GetProperty("Planning Time").GetDouble() + root.GetProperty("Execution Time").GetDouble();
        }
        return total / iterations;
    }
}
