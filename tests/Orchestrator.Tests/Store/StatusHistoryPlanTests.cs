using Npgsql;
using Orchestrator.Core.Ports;
using Xunit;
using Xunit.Abstractions;

namespace Orchestrator.Tests.Store;

/// <summary>
/// Migration 017's <c>orchestrator_status_history</c> stays bounded on a large history: on 200,000 audit rows (all but a
/// few "steady" cycles), 20,000 ended workers and 50,000 finished tasks, the plans of its statements (auto_explain,
/// nested statements, sent to the client) scan no table sequentially.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class StatusHistoryPlanTests(PostgresFixture postgres, ITestOutputHelper output)
{
    [Fact]
    public async Task StatusHistory_reads_a_large_audit_table_through_indexes_only()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        var project = await db.AddUserAsync();
        await db.ExecuteAsync("""
            INSERT INTO orchestrator_events (at, cycle_id, kind, worker_id, reason)
            SELECT now() - make_interval(secs => 200000 - i), gen_random_uuid(), 'cycle', NULL, CASE WHEN i % 5000 = 0 THEN 'scale-up-demand' ELSE 'steady' END
              FROM generate_series(1, 200000) i;
            INSERT INTO orchestrator_workers (worker_id, state, state_since, created_at, updated_at, cost_per_hr)
            SELECT 'gpu-' || i, CASE WHEN i <= 10 THEN 'active' ELSE 'terminated' END, now() - make_interval(hours => i % 2000),
                   now() - make_interval(hours => i % 2000 + 1), now(), 0.69
              FROM generate_series(1, 20000) i;
            """);
        await db.ExecuteAsync("""
            INSERT INTO tasks (id, task_type, project_id, created_at, status)
            SELECT gen_random_uuid(), 'travel_segment', $1, now() - make_interval(mins => i), CASE WHEN i <= 3 THEN 'Queued' ELSE 'Complete' END::task_status
              FROM generate_series(1, 50000) i
            """, project);
        await db.ExecuteAsync("ANALYZE orchestrator_events; ANALYZE orchestrator_workers; ANALYZE tasks");

        var plans = await PlansAsync(db, "SELECT orchestrator_status_history(now(), date_trunc('day', now()), 50, 'auto', 'gpu')");

        output.WriteLine(plans);
        Assert.Contains("orchestrator_events_decisions_idx", plans, StringComparison.Ordinal);
        Assert.Contains("orchestrator_workers_ended_idx", plans, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan", plans, StringComparison.Ordinal);
        var history = await db.CreateStore().ReadHistoryAsync(new HistoryRequest(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.Date, 50), CancellationToken.None);
        Assert.Equal(40, history.Decisions.Count); // 200,000 / 5,000 rows that decided something
    }

    /// <summary>Runs <paramref name="sql"/> with auto_explain logging every nested statement's plan to this client.</summary>
    private static async Task<string> PlansAsync(StoreTestDatabase db, string sql)
    {
        var plans = new List<string>();
        await using var connection = await db.DataSource.OpenConnectionAsync();
        connection.Notice += (_, e) => plans.Add(e.Notice.MessageText);
        await using (var setup = new NpgsqlCommand("""
            LOAD 'auto_explain'; SET auto_explain.log_min_duration = 0; SET auto_explain.log_nested_statements = on;
            SET auto_explain.log_level = notice; SET client_min_messages = notice
            """, connection))
        {
            await setup.ExecuteNonQueryAsync();
        }
        await using (var command = new NpgsqlCommand(sql, connection))
        {
            await command.ExecuteScalarAsync();
        }
        Assert.NotEmpty(plans);
        return string.Join("\n", plans);
    }
}
