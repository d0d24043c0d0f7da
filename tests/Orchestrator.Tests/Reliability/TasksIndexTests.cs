using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Core.Options;
using Orchestrator.Core.Ports;
using Orchestrator.Postgres;
using Orchestrator.Tests.Store;
using Xunit;
using Xunit.Abstractions;

namespace Orchestrator.Tests.Reliability;

/// <summary>
/// Issue 15 item 5, Reigh's tasks table grows forever: on a tasks table with a long history, the plans of the
/// observation's queries (read with EXPLAIN, the functions' own SQL) never scan all tasks once migration 015's
/// indexes exist, and do without them (the test can fail). Timing is printed by <c>bench store</c>, not asserted.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class TasksIndexTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private const int History = 200_000;

    /// <summary>Each query the observation runs on tasks: the function, its argument types, and arguments.</summary>
    private static readonly (string Function, string Types, string Arguments)[] Queries =
    [
        ("orchestrator_q_demand_reigh", "timestamptz, text, timestamptz", "now() - interval '1 day', 'gpu', now() - interval '10 minutes'"),
        ("count_eligible_tasks_service_role", "boolean, text", "false, 'gpu'"),
        ("count_eligible_tasks_service_role", "boolean, text", "true, 'gpu'"),
        ("orchestrator_q_demand_plain", "timestamptz, timestamptz", "now() - interval '1 day', now() - interval '10 minutes'"),
        ("orchestrator_q_workers", "text[]", "ARRAY['gpu-hist-1']"),
    ];

    [Fact]
    public async Task Demand_and_worker_queries_never_scan_all_tasks()
    {
        await using var db = await SeededAsync();
        var pages = await db.ScalarAsync<int>("SELECT relpages FROM pg_class WHERE relname = 'tasks'");

        foreach (var (function, types, arguments) in Queries)
        {
            var nodes = await TaskNodesAsync(db, function, types, arguments);
            output.WriteLine($"{function}({arguments}) on {History:N0} tasks ({pages} pages): {string.Join(", ", nodes)}");
            Assert.DoesNotContain(nodes, n => n.Type == "Seq Scan");
            Assert.All(nodes, n => Assert.True(n.PagesPerLoop < pages / 20.0, $"{function}: {n} reads more than 1/20 of the table's pages"));
        }
        var store = db.CreateStore(new DemandOptions { Mode = "reigh" });
        var request = new ObservationRequest(DateTimeOffset.UtcNow, ["gpu-hist-1"], TimeSpan.FromMinutes(30));
        await store.ObserveAsync(request, CancellationToken.None);
        var (before, clock) = (store.RoundTrips.Count, Stopwatch.StartNew());
        var observation = await store.ObserveAsync(request, CancellationToken.None);
        output.WriteLine($"observe on {History:N0} tasks, 200 workers: {clock.Elapsed.TotalMilliseconds:0.0} ms, {store.RoundTrips.Count - before} round trip(s)");
        Assert.Equal(1, store.RoundTrips.Count - before);
        Assert.Equal(200, observation.Workers.Count);
    }

    /// <summary>
    /// Migration 019: the observation's workers (orchestrator_q_workers, which both observe functions call) read tasks
    /// once, not once per worker: with ten times the live workers, every node on tasks still runs once and reads the
    /// same pages. (Demand, the other reader of tasks, is the Queries above.)
    /// </summary>
    [Fact]
    public async Task The_observation_reads_tasks_once_whatever_the_number_of_workers()
    {
        await using var db = await SeededAsync();
        var pages = await db.ScalarAsync<int>("SELECT relpages FROM pg_class WHERE relname = 'tasks'");

        var few = await TaskNodesAsync(db, "orchestrator_q_workers", "text[]", "ARRAY['gpu-hist-1']");
        await db.ExecuteAsync("""
            INSERT INTO workers (id, instance_type, status, last_heartbeat) SELECT 'gpu-more-' || g, 'x', 'active', now() FROM generate_series(1, 1800) g;
            INSERT INTO orchestrator_workers (worker_id, state, state_since, created_at, updated_at)
              SELECT 'gpu-more-' || g, 'active', now(), now(), now() FROM generate_series(1, 1800) g;
            ANALYZE;
            """);
        var many = await TaskNodesAsync(db, "orchestrator_q_workers", "text[]", "ARRAY['gpu-hist-1']");

        output.WriteLine($"workers, 200 live: {string.Join(", ", few)}");
        output.WriteLine($"workers, 2,000 live: {string.Join(", ", many)}");
        Assert.NotEmpty(many);
        Assert.All(few.Concat(many), n => Assert.True(n.Type != "Seq Scan" && n.Loops == 1 && n.PagesPerLoop < pages / 20.0, n.ToString()));
        Assert.Equal(few.Sum(n => n.PagesPerLoop), many.Sum(n => n.PagesPerLoop));
    }

    /// <summary>
    /// Migration 020: the running tasks are read once (019 read them twice). Which index serves that read is the
    /// planner's choice by the data: here, where the running tasks lie together in a few pages, a small index and
    /// their rows; in `bench store --large`, where they are spread over a million rows, the covering index alone.
    /// </summary>
    [Fact]
    public async Task The_running_tasks_are_read_once()
    {
        await using var db = await SeededAsync();
        await db.ExecuteAsync("VACUUM ANALYZE tasks");

        var nodes = await TaskNodesAsync(db, "orchestrator_q_workers", "text[]", "ARRAY['gpu-hist-1']");

        output.WriteLine($"workers: {string.Join(", ", nodes)}");
        var node = Assert.Single(nodes);
        Assert.Equal(1, node.Loops);
        Assert.NotEqual("Seq Scan", node.Type);
    }

    /// <summary>
    /// Migration 020: Reigh's get_task_run_type is asked once per task type, not once per task that arrived (018's
    /// inlined CTE asked it for each of them: 1,745 calls at a million tasks). Counted by PostgreSQL's function
    /// statistics within one transaction, less the calls Reigh's own eligibility counts make (per queued task: theirs).
    /// </summary>
    [Fact]
    public async Task Reighs_run_type_is_asked_per_task_type_not_per_arrived_task()
    {
        await using var db = await SeededAsync();
        var project = await db.AddUserAsync();
        await db.ExecuteAsync("""
            INSERT INTO tasks (task_type, project_id, status, created_at)
              SELECT CASE WHEN g % 2 = 0 THEN 'travel_segment' ELSE 'image_generation' END, $1, 'Queued', now() - make_interval(secs => g)
                FROM generate_series(1, 400) g
            """, project);
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var track = new NpgsqlCommand("SET LOCAL track_functions = 'all'", connection, transaction))
        {
            await track.ExecuteNonQueryAsync();
        }
        async Task<long> CallsAfterAsync(string sql)
        {
            await using (var call = new NpgsqlCommand(sql, connection, transaction))
            {
                await call.ExecuteNonQueryAsync();
            }
            await using var calls = new NpgsqlCommand(
                "SELECT coalesce(sum(calls), 0)::bigint FROM pg_stat_xact_user_functions WHERE funcname = 'get_task_run_type'", connection, transaction);
            return (long)(await calls.ExecuteScalarAsync())!;
        }

        var withReighs = await CallsAfterAsync("SELECT * FROM orchestrator_q_demand_reigh(now() - interval '1 day', 'gpu', now() - interval '10 minutes')");
        var reighsAlone = await CallsAfterAsync("SELECT count_eligible_tasks_service_role(false, 'gpu'), count_eligible_tasks_service_role(true, 'gpu')") - withReighs;
        var count = withReighs - reighsAlone;

        output.WriteLine($"get_task_run_type calls for 400 arrived tasks of 2 types: {count} (Reigh's two eligibility counts made {reighsAlone} more)");
        Assert.InRange(count, 1, 10);
    }

    [Fact]
    public async Task Without_the_migration_indexes_the_demand_query_reads_all_tasks()
    {
        await using var db = await SeededAsync();
        var pages = await db.ScalarAsync<int>("SELECT relpages FROM pg_class WHERE relname = 'tasks'");
        foreach (var index in new[] { "queued", "created", "in_progress_cover", "in_progress_project", "worker_last_work" })
        {
            await db.ExecuteAsync($"DROP INDEX orchestrator_tasks_{index}_idx");
        }

        var nodes = await TaskNodesAsync(db, Queries[0].Function, Queries[0].Types, Queries[0].Arguments);

        output.WriteLine($"without 015: {string.Join(", ", nodes)}");
        Assert.Contains(nodes, n => n.Type == "Seq Scan" || n.PagesPerLoop >= pages / 20.0);
    }

    [Fact]
    public async Task The_indexes_are_built_valid_outside_the_migrators_transaction()
    {
        await using var db = await postgres.CreateDatabaseAsync();

        var valid = await db.ScalarAsync<long>(
            "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname LIKE 'orchestrator_tasks_%_idx' AND i.indisvalid");
        var recorded = await db.ScalarAsync<long>("SELECT count(*) FROM orchestrator_schema_migrations WHERE version = '015_tasks_indexes.sql'");

        Assert.Equal((5L, 1L), (valid, recorded));
        Assert.True(SqlResources.Migrations().Single(m => m.Name == "015_tasks_indexes.sql").NoTransaction);
    }

    [Fact]
    public async Task The_printed_script_builds_the_indexes_inside_its_transaction_where_tasks_exists()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await db.ExecuteAsync("DELETE FROM orchestrator_schema_migrations WHERE version = '015_tasks_indexes.sql'");
        await db.ExecuteAsync("DROP INDEX orchestrator_tasks_queued_idx");

        await db.ExecuteAsync(SchemaMigrator.Script());

        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM pg_class WHERE relname = 'orchestrator_tasks_queued_idx'"));
        Assert.Empty(await new SchemaMigrator(db.DataSource, NullLogger.Instance).MigrateAsync(CancellationToken.None));
    }

    /// <summary>
    /// A long history: 200,000 tasks over two years, 20 queued, 180 in progress, on 200 live workers. The queue is
    /// kept small because the per-row calls of Reigh's functions (get_task_run_type) count in the node's pages.
    /// </summary>
    private async Task<StoreTestDatabase> SeededAsync()
    {
        var db = await postgres.CreateDatabaseAsync();
        var project = await db.AddUserAsync();
        await db.ExecuteAsync("""
            INSERT INTO workers (id, instance_type, status, last_heartbeat) SELECT 'gpu-hist-' || g, 'x', 'active', now() FROM generate_series(1, 200) g;
            INSERT INTO orchestrator_workers (worker_id, state, state_since, created_at, updated_at)
              SELECT 'gpu-hist-' || g, 'active', now(), now(), now() FROM generate_series(1, 200) g;
            """);
        await db.ExecuteAsync($"""
            INSERT INTO tasks (task_type, project_id, status, worker_id, created_at, generation_started_at, generation_processed_at)
              SELECT 'travel_segment', $1,
                     (CASE WHEN g <= 20 THEN 'Queued' WHEN g <= 200 THEN 'In Progress' ELSE 'Complete' END)::task_status,
                     CASE WHEN g > 20 THEN 'gpu-hist-' || (1 + g % 200) END,
                     now() - make_interval(secs => g * 300),
                     CASE WHEN g > 20 THEN now() - make_interval(secs => g * 300) END,
                     CASE WHEN g > 200 THEN now() - make_interval(secs => g * 300) + interval '60 seconds' END
                FROM generate_series(1, {History}) g
            """, project);
        await db.ExecuteAsync("ANALYZE");
        return db;
    }

    /// <summary>One plan node reading tasks: its type, index, loops, and pages touched per loop (EXPLAIN ANALYZE, BUFFERS).</summary>
    private sealed record TaskNode(string Type, string? Index, double Loops, double PagesPerLoop)
    {
        public override string ToString() => $"{Type}{(Index is null ? "" : " using " + Index)} ({Loops:0} loop(s), {PagesPerLoop:0.#} pages/loop)";
    }

    /// <summary>
    /// EXPLAIN (ANALYZE, BUFFERS) of the function's own SQL, prepared with its parameters (a call would show only
    /// "Function Scan"); named parameters become $n. Returns the nodes that read tasks.
    /// </summary>
    private static async Task<IReadOnlyList<TaskNode>> TaskNodesAsync(StoreTestDatabase db, string function, string types, string arguments)
    {
        var body = await db.ScalarAsync<string>($"SELECT prosrc FROM pg_proc WHERE proname = '{function}'");
        var names = await db.ScalarAsync<string[]>($"SELECT coalesce(proargnames[1:pronargs], '{{}}') FROM pg_proc WHERE proname = '{function}'");
        for (var i = 0; i < names.Length; i++)
        {
            body = Regex.Replace(body, $@"\b{names[i]}\b", $"${i + 1}");
        }
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await using (var prepare = new NpgsqlCommand($"PREPARE q ({types}) AS {body}", connection))
        {
            await prepare.ExecuteNonQueryAsync();
        }
        string json;
        await using (var explain = new NpgsqlCommand($"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) EXECUTE q ({arguments})", connection))
        {
            json = (string)(await explain.ExecuteScalarAsync())!;
        }
        using var doc = JsonDocument.Parse(json);
        var nodes = new List<TaskNode>();
        Collect(doc.RootElement[0].GetProperty("Plan"), nodes);
        return nodes;
    }

    private static void Collect(JsonElement plan, List<TaskNode> nodes)
    {
        if (plan.TryGetProperty("Relation Name", out var relation) && relation.GetString() == "tasks")
        {
            var loops = Math.Max(1, plan.GetProperty("Actual Loops").GetDouble());
            var pages = plan.GetProperty("Shared Hit Blocks").GetDouble() + plan.GetProperty("Shared Read Blocks").GetDouble();
            nodes.Add(new TaskNode(plan.GetProperty("Node Type").GetString()!, plan.TryGetProperty("Index Name", out var index) ? index.GetString() : null, loops, pages / loops));
        }
        if (plan.TryGetProperty("Plans", out var children))
        {
            foreach (var child in children.EnumerateArray())
            {
                Collect(child, nodes);
            }
        }
    }
}
