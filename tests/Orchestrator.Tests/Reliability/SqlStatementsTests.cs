using Orchestrator.Postgres;
using Xunit;

namespace Orchestrator.Tests.Reliability;

/// <summary>The splitter behind no-transaction migrations, and the header directives that select them.</summary>
public sealed class SqlStatementsTests
{
    [Theory]
    [InlineData("SELECT 1; SELECT 2;", 2)]
    [InlineData("-- only a comment;\n", 0)]
    [InlineData("SELECT 'a;b'; SELECT \"x;y\" FROM t;", 2)]
    [InlineData("CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $body$ SELECT 1; SELECT 2 $body$;\nSELECT $1;", 2)]
    [InlineData("DO $$ BEGIN PERFORM 1; END $$; /* a; b */ SELECT 3", 2)]
    [InlineData("SELECT 1 -- trailing; comment\n; ;;", 1)]
    public void Splits_at_top_level_semicolons_only(string sql, int expected) =>
        Assert.Equal(expected, SqlStatements.Split(sql).Count);

    [Fact]
    public void Migration_015_splits_into_its_drops_creates_and_two_functions()
    {
        var migration = SqlResources.Migrations().Single(m => m.Name == "015_tasks_indexes.sql");

        var statements = SqlStatements.Split(migration.Sql);

        Assert.Equal(12, statements.Count); // 5 drops, 5 creates, 2 functions
        Assert.Equal(10, statements.Count(s => s.Contains("INDEX CONCURRENTLY", StringComparison.Ordinal)));
        Assert.Equal((true, "tasks"), (migration.NoTransaction, migration.RequiresTable));
        // 015 (indexes built CONCURRENTLY) 019 (triggers and a backfill on a live tasks table) and 020 (a covering index) run outside the
        // migrator's transaction; every other migration runs inside one.
        var outside = SqlResources.Migrations().Where(m => m.NoTransaction).Select(m => (m.Name, m.RequiresTable)).ToList();
        Assert.Equal([("015_tasks_indexes.sql", "tasks"), ("019_worker_last_work.sql", "tasks"), ("020_observe_in_progress.sql", "tasks")], outside);
    }
}
