using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Cli;
using Orchestrator.Postgres;
using Orchestrator.TestSupport;
using Orchestrator.Tests.Ssh;
using Xunit;

namespace Orchestrator.Tests.Store;

/// <summary>The deploy schema loads with psql on a fresh database; the migrations apply once, in order.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SchemaTests(PostgresFixture postgres)
{
    [Fact]
    public async Task The_deploy_schema_loads_with_psql_and_on_error_stop()
    {
        await using var db = await postgres.CreateEmptyDatabaseAsync();
        var psql = File.Exists("/usr/lib/postgresql/15/bin/psql") ? "/usr/lib/postgresql/15/bin/psql" : "psql";
        var (exitCode, _, stderr) = TestProcess.Capture(psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", postgres.Server.Port.ToString(),
            "-U", "postgres", "-d", db.Name, "-f", RepoPaths.ReighSchema);

        Assert.True(exitCode == 0, stderr);
        Assert.Equal(6L, await db.ScalarAsync<long>(
            "SELECT count(*) FROM pg_proc WHERE proname IN ('all_dependencies_complete', 'get_task_run_type', 'count_eligible_tasks_service_role', 'func_worker_heartbeat_with_logs', 'claim_next_task_service_role', 'eligible_users')"));
    }

    [Fact]
    public void The_embedded_schema_is_the_deploy_file() =>
        Assert.Equal(File.ReadAllText(RepoPaths.ReighSchema), ReighSchema.Sql());

    [Fact]
    public async Task Migrations_apply_once_in_file_name_order()
    {
        await using var db = await postgres.CreateEmptyDatabaseAsync();
        var migrator = new SchemaMigrator(db.DataSource, NullLogger.Instance);

        var first = await migrator.MigrateAsync(CancellationToken.None);
        var second = await migrator.MigrateAsync(CancellationToken.None);

        var names = SqlResources.Migrations().Select(m => m.Name).ToList();
        Assert.NotEmpty(names);
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.Equal(names, first);
        Assert.Empty(second);
        Assert.Equal(names.Count, (int)await db.ScalarAsync<long>("SELECT count(*) FROM orchestrator_schema_migrations"));
        Assert.Equal(3L, await db.ScalarAsync<long>(
            "SELECT count(*) FROM information_schema.tables WHERE table_name IN ('orchestrator_workers', 'orchestrator_events', 'orchestrator_control')"));
    }

    [Fact]
    public async Task Concurrent_migrators_apply_each_file_once()
    {
        await using var db = await postgres.CreateEmptyDatabaseAsync();

        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => new SchemaMigrator(db.DataSource, NullLogger.Instance).MigrateAsync(CancellationToken.None)));

        Assert.Equal(SqlResources.Migrations().Count, runs.Sum(r => r.Count));
    }

    [Fact]
    public async Task Migrate_print_writes_the_sql_without_a_database()
    {
        var output = new StringWriter();

        var exit = await CommandRunner.RunAsync(["migrate", "--print"], output, new StringWriter(), new ConfigurationBuilder().Build());

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("CREATE TABLE IF NOT EXISTS orchestrator_workers", output.ToString());
        Assert.Contains("orchestrator_schema_migrations", output.ToString());
    }

    [Fact]
    public async Task The_printed_script_applies_to_an_empty_database()
    {
        await using var db = await postgres.CreateEmptyDatabaseAsync();

        await db.ExecuteAsync(SchemaMigrator.Script());

        Assert.Empty(await new SchemaMigrator(db.DataSource, NullLogger.Instance).MigrateAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Migrate_command_applies_to_the_configured_database()
    {
        await using var db = await postgres.CreateEmptyDatabaseAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["SUPABASE_DB_URL"] = db.ConnectionString }).Build();
        var output = new StringWriter();

        var exit = await CommandRunner.RunAsync(["migrate"], output, new StringWriter(), configuration);
        var again = await CommandRunner.RunAsync(["migrate"], output, new StringWriter(), configuration);

        Assert.Equal((ExitCodes.Ok, ExitCodes.Ok), (exit, again));
        Assert.Contains("applied: 001_orchestrator_tables.sql", output.ToString());
        Assert.Contains("schema up to date", output.ToString());
    }

    [Fact]
    public async Task Migrate_without_a_database_url_exits_2()
    {
        var error = new StringWriter();

        var exit = await CommandRunner.RunAsync(["migrate"], new StringWriter(), error, new ConfigurationBuilder().Build());

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("SUPABASE_DB_URL (or DATABASE_URL)", error.ToString());
    }
}
