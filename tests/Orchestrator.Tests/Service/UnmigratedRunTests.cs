using Orchestrator.Cli;
using Orchestrator.Tests.RunPod;
using Orchestrator.Tests.Store;
using Xunit;

namespace Orchestrator.Tests.Service;

/// <summary>
/// <c>run</c> on a database without the service's migrations exits 2 at once with one line naming
/// <c>migrate</c> (a restart loop of stack traces cannot fix a schema), and starts nothing.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class UnmigratedRunTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Run_on_an_empty_database_exits_2_naming_migrate()
    {
        await using var db = await postgres.CreateEmptyDatabaseAsync();
        await using var backend = await FakeBackend.StartAsync();
        var (exit, output, error) = await Cli.RunAsync(Cli.Settings(db.ConnectionString, backend), "run");

        Assert.Equal(ExitCodes.BadInput, exit);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("run 'orchestrator migrate' first", line, StringComparison.Ordinal);
        Assert.Contains("001_orchestrator_tables", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", output + error, StringComparison.Ordinal);
        Assert.False(await db.ScalarAsync<bool>("select to_regclass('orchestrator_workers') is not null"));
        Assert.Empty(backend.RunPod.State.Requests);
    }

    [Fact]
    public async Task Migrate_then_run_gets_past_the_check()
    {
        await using var db = await postgres.CreateEmptyDatabaseAsync();
        await using var backend = await FakeBackend.StartAsync();
        var (exit, _, error) = await Cli.RunAsync(Cli.Settings(db.ConnectionString, backend), "migrate");
        Assert.True(exit == ExitCodes.Ok, error);
        Assert.True(await db.ScalarAsync<bool>("select to_regclass('orchestrator_workers') is not null"));
    }
}
