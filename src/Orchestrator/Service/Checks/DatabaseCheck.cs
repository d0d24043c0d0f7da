using Npgsql;
using Orchestrator.Postgres;

namespace Orchestrator.Service.Checks;

/// <summary>
/// The database is reachable, every embedded migration is applied (orchestrator tables, Quartz tables,
/// task NOTIFY trigger), and whether the wake-up trigger is installed.
/// </summary>
public sealed class DatabaseCheck(NpgsqlDataSource dataSource) : IStartupCheck
{
    private const string Probe = """
        SELECT current_setting('server_version'),
               to_regclass('orchestrator_schema_migrations') IS NOT NULL,
               EXISTS (SELECT FROM pg_trigger WHERE tgname = 'orchestrator_task_queued')
        """;

    public string Name => "database";

    public int Order => 10;

    public async Task<StartupCheckResult> RunAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        string version;
        bool hasLedger;
        bool hasTrigger;
        await using (var probe = new NpgsqlCommand(Probe, connection))
        await using (var reader = await probe.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            (version, hasLedger, hasTrigger) = (reader.GetString(0), reader.GetBoolean(1), reader.GetBoolean(2));
        }
        var applied = hasLedger ? await AppliedAsync(connection, cancellationToken).ConfigureAwait(false) : [];
        var pending = SqlResources.Migrations().Select(m => m.Name).Where(n => !applied.Contains(n)).ToList();
        if (pending.Count > 0)
        {
            return StartupCheckResult.Fail($"PostgreSQL {version} reachable, but migrations not applied: {string.Join(", ", pending)} (run 'orchestrator migrate')");
        }
        return StartupCheckResult.Pass($"PostgreSQL {version}; {applied.Count} migration(s) applied; wake-up trigger on tasks: {(hasTrigger ? "installed" : "missing (polling only)")}");
    }

    private static async Task<HashSet<string>> AppliedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT version FROM orchestrator_schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            names.Add(reader.GetString(0));
        }
        return names;
    }
}
