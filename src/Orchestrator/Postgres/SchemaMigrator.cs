using Microsoft.Extensions.Logging;
using Npgsql;
using Orchestrator.Core.Ports;

namespace Orchestrator.Postgres;

/// <summary>
/// Applies the embedded migrations (<see cref="SqlResources.Migrations"/>) that the database has not
/// recorded yet, in file-name order, in one transaction under an advisory lock, so two instances
/// starting together apply each file once. Idempotent: a second run applies nothing.
/// </summary>
public sealed class SchemaMigrator(NpgsqlDataSource dataSource, ILogger logger)
{
    /// <summary>Arbitrary constant: "orch" in ASCII. Held only for the transaction.</summary>
    private const long LockKey = 0x6F726368;

    private const string CreateLedger = """
        CREATE TABLE IF NOT EXISTS orchestrator_schema_migrations (
          version    text PRIMARY KEY,
          applied_at timestamptz NOT NULL DEFAULT now())
        """;

    /// <summary>Applies the pending migrations and returns their names (empty when up to date).</summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await MigrateCoreAsync(SqlResources.Migrations(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (StoreErrors.IsStoreFailure(ex))
        {
            throw StoreErrors.Translate("migrate", ex);
        }
    }

    /// <summary>The migrations the database has not recorded (all of them on an empty database); reads only.</summary>
    public async Task<IReadOnlyList<string>> PendingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var exists = new NpgsqlCommand("SELECT to_regclass('orchestrator_schema_migrations') IS NOT NULL", connection);
            var applied = (bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!
                ? await AppliedAsync(connection, null, cancellationToken).ConfigureAwait(false)
                : [];
            return [.. SqlResources.Migrations().Select(m => m.Name).Where(name => !applied.Contains(name))];
        }
        catch (Exception ex) when (StoreErrors.IsStoreFailure(ex))
        {
            throw StoreErrors.Translate("migration check", ex);
        }
    }

    /// <summary>The SQL that <see cref="MigrateAsync"/> would run on an empty database, for <c>migrate --print</c>.</summary>
    public static string Script()
    {
        var parts = new List<string> { "BEGIN;", $"SELECT pg_advisory_xact_lock({LockKey});", CreateLedger + ";" };
        foreach (var migration in SqlResources.Migrations())
        {
            parts.Add($"-- {migration.Name}");
            parts.Add(migration.Sql.TrimEnd());
            parts.Add($"INSERT INTO orchestrator_schema_migrations (version) VALUES ('{migration.Name}') ON CONFLICT DO NOTHING;");
        }
        parts.Add("COMMIT;");
        return string.Join("\n", parts) + "\n";
    }

    private async Task<IReadOnlyList<string>> MigrateCoreAsync(IReadOnlyList<SqlMigration> migrations, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({LockKey})", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, CreateLedger, cancellationToken).ConfigureAwait(false);
        var applied = await AppliedAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var done = new List<string>();
        foreach (var migration in migrations.Where(m => !applied.Contains(m.Name)))
        {
            await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken).ConfigureAwait(false);
            await using var record = new NpgsqlCommand("INSERT INTO orchestrator_schema_migrations (version) VALUES ($1)", connection, transaction);
            record.Parameters.AddWithValue(migration.Name);
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            StoreLog.MigrationApplied(logger, migration.Name);
            done.Add(migration.Name);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (done.Count == 0)
        {
            StoreLog.MigrationsUpToDate(logger, migrations.Count);
        }
        return done;
    }

    private static async Task<HashSet<string>> AppliedAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT version FROM orchestrator_schema_migrations", connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var versions = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            versions.Add(reader.GetString(0));
        }
        return versions;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
