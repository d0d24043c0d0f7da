using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Orchestrator.Cli;
using Orchestrator.Tests.RunPod;
using Xunit;

namespace Orchestrator.Tests.Store;

/// <summary>
/// <c>once --dry-run --json</c> end to end on a real database: the cycle reads the Reigh queue through the
/// PostgreSQL store, decides, prints the decision, and writes nothing.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class OnceDryRunTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Dry_run_spawns_for_claimable_work_only_and_writes_nothing()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        var now = DateTimeOffset.UtcNow;
        var project = await db.AddUserAsync();
        for (var i = 1; i <= 3; i++)
        {
            await db.AddTaskAsync(project, "travel_segment", now.AddMinutes(-i));
        }
        await db.AddTaskAsync(project, "travel_segment", now.AddDays(-3));
        await db.AddTaskAsync(await db.AddUserAsync(credits: 0), "travel_segment", now.AddDays(-2));
        await using var backend = await FakeBackend.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(
            backend.Settings(("SUPABASE_DB_URL", db.ConnectionString), ("MIN_ACTIVE_GPUS", "0"), ("LOG_LEVEL", "ERROR"))).Build();
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = await CommandRunner.RunAsync(["once", "--dry-run", "--json"], output, error, configuration);

        Assert.True(exit == ExitCodes.Ok, error.ToString());
        using var json = JsonDocument.Parse(output.ToString());
        var root = json.RootElement;
        Assert.True(root.GetProperty("dry_run").GetBoolean());
        Assert.Equal(5, root.GetProperty("demand").GetProperty("queued").GetInt32());
        Assert.Equal(3, root.GetProperty("demand").GetProperty("claimable").GetInt32());
        Assert.Equal("reigh-eligible", root.GetProperty("demand").GetProperty("source").GetString());
        Assert.Equal(3, root.GetProperty("decision").GetProperty("spawn").GetInt32());
        Assert.Equal(0, root.GetProperty("actions").GetProperty("spawned").GetInt32());
        Assert.Equal(0L, await db.ScalarAsync<long>(
            "SELECT (SELECT count(*) FROM workers) + (SELECT count(*) FROM orchestrator_workers) + (SELECT count(*) FROM orchestrator_events)"));
        Assert.Equal(5L, await db.ScalarAsync<long>("SELECT count(*) FROM tasks WHERE status = 'Queued' AND updated_at IS NULL"));
    }

    [Fact]
    public async Task Once_against_a_database_without_the_store_functions_says_to_run_migrate_naming_them()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await db.ExecuteAsync("DROP FUNCTION orchestrator_observe_rows, orchestrator_apply_change");
        await using var backend = await FakeBackend.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(
            backend.Settings(("SUPABASE_DB_URL", db.ConnectionString), ("LOG_LEVEL", "ERROR"))).Build();
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = await CommandRunner.RunAsync(["once", "--dry-run"], output, error, configuration);

        var said = output + "\n" + error;
        Assert.NotEqual(ExitCodes.Ok, exit);
        Assert.Contains("orchestrator_observe_rows (migration 018_observe_rows.sql)", said);
        Assert.Contains("orchestrator_apply_change (migration 011_apply_change_heartbeat_guard.sql)", said);
        Assert.Contains("orchestrator migrate", said);
    }

    [Fact]
    public async Task Without_a_database_url_start_up_names_the_variables_and_exits_2()
    {
        var error = new StringWriter();

        var exit = await CommandRunner.RunAsync(["once", "--dry-run"], new StringWriter(), error, new ConfigurationBuilder().Build());

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("set SUPABASE_DB_URL (or DATABASE_URL)", error.ToString());
    }
}
