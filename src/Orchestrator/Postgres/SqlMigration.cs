namespace Orchestrator.Postgres;

/// <summary>
/// One migration file: its name (the version recorded once applied) and its SQL. Header lines of the form
/// <c>-- migrate: no-transaction</c> and <c>-- migrate: requires-table &lt;name&gt;</c> set
/// <see cref="NoTransaction"/> and <see cref="RequiresTable"/>.
/// </summary>
public sealed record SqlMigration(string Name, string Sql)
{
    private const string Directive = "-- migrate:";

    /// <summary>
    /// Run outside the migrator's transaction, one statement at a time (autocommit), for statements a
    /// transaction block refuses (<c>CREATE INDEX CONCURRENTLY</c>). Such a file must be safe to run again
    /// from the start: it is recorded only after its last statement.
    /// </summary>
    public bool NoTransaction => Directives.Contains("no-transaction");

    /// <summary>A table without which the file is skipped (and recorded as applied), like the trigger of 003.</summary>
    public string? RequiresTable => Directives.FirstOrDefault(d => d.StartsWith("requires-table ", StringComparison.Ordinal))?["requires-table ".Length..].Trim();

    private IEnumerable<string> Directives => Sql.Split('\n')
        .Select(line => line.Trim())
        .TakeWhile(line => line.StartsWith("--", StringComparison.Ordinal))
        .Where(line => line.StartsWith(Directive, StringComparison.Ordinal))
        .Select(line => line[Directive.Length..].Trim());
}
