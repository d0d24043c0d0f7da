using Microsoft.Extensions.Logging;
using Npgsql;
using Orchestrator.Core.Ports;

namespace Orchestrator.Postgres;

/// <summary>
/// Applies the embedded migrations (<see cref="SqlResources.Migrations"/>) that the database has not
/// recorded yet, in file-name order, under a session advisory lock, so two instances starting together
/// apply each file once. Consecutive ordinary files share one transaction; a <see cref="SqlMigration.NoTransaction"/>
/// file (CREATE INDEX CONCURRENTLY on a live table) commits what came before and runs statement by statement
/// in autocommit, then is recorded. Idempotent: a second run applies nothing.
/// </summary>
public sealed class SchemaMigrator(NpgsqlDataSource dataSource, ILogger logger)
{
    /// <summary>Arbitrary constant: "orch" in ASCII. Held for the session while migrating, released after.</summary>
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

    /// <summary>
    /// The SQL that <see cref="MigrateAsync"/> would run on an empty database, for <c>migrate --print</c>. A
    /// no-transaction file is printed as plain statements (CONCURRENTLY removed) in a block guarded by its
    /// required table, so the script still runs as one transaction; on a large live table run
    /// <c>orchestrator migrate</c> instead, or that file's statements one by one.
    /// </summary>
    public static string Script()
    {
        var parts = new List<string> { "BEGIN;", $"SELECT pg_advisory_xact_lock({LockKey});", CreateLedger + ";" };
        foreach (var migration in SqlResources.Migrations())
        {
            parts.Add($"-- {migration.Name}");
            parts.Add(migration.NoTransaction ? InTransaction(migration) : migration.Sql.TrimEnd());
            parts.Add($"INSERT INTO orchestrator_schema_migrations (version) VALUES ('{migration.Name}') ON CONFLICT DO NOTHING;");
        }
        parts.Add("COMMIT;");
        return string.Join("\n", parts) + "\n";
    }

    private static string InTransaction(SqlMigration migration)
    {
        const string Tag = "$orchestrator_stmt$";
        var statements = SqlStatements.Split(migration.Sql)
            .Select(sql => sql.Replace(" CONCURRENTLY", "", StringComparison.Ordinal))
            .Select(sql => $"    EXECUTE {Tag}{sql}{Tag};");
        var guard = migration.RequiresTable is { } table ? $"to_regclass('{table}') IS NOT NULL" : "true";
        return $"-- printed without CONCURRENTLY (a transaction block refuses it): writes to the table wait while each index builds\n" +
               $"DO $orchestrator_migration$\nBEGIN\n  IF {guard} THEN\n{string.Join("\n", statements)}\n  END IF;\nEND\n$orchestrator_migration$;";
    }

    private async Task<IReadOnlyList<string>> MigrateCoreAsync(IReadOnlyList<SqlMigration> migrations, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({LockKey})", cancellationToken).ConfigureAwait(false);
        NpgsqlTransaction? transaction = null;
        try
        {
            await ExecuteAsync(connection, null, CreateLedger, cancellationToken).ConfigureAwait(false);
            var applied = await AppliedAsync(connection, null, cancellationToken).ConfigureAwait(false);
            var done = new List<string>();
            foreach (var migration in migrations.Where(m => !applied.Contains(m.Name)))
            {
                if (migration.NoTransaction)
                {
                    await CommitAsync(transaction, cancellationToken).ConfigureAwait(false);
                    transaction = null;
                    await ApplyOutsideTransactionAsync(connection, migration, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    transaction ??= await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                    await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken).ConfigureAwait(false);
                }
                await using var record = new NpgsqlCommand("INSERT INTO orchestrator_schema_migrations (version) VALUES ($1)", connection, transaction);
                record.Parameters.AddWithValue(migration.Name);
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                StoreLog.MigrationApplied(logger, migration.Name);
                done.Add(migration.Name);
            }
            await CommitAsync(transaction, cancellationToken).ConfigureAwait(false);
            transaction = null;
            if (done.Count == 0)
            {
                StoreLog.MigrationsUpToDate(logger, migrations.Count);
            }
            return done;
        }
        finally
        {
            if (transaction is not null)
            {
                await transaction.DisposeAsync().ConfigureAwait(false); // rolls back what the failed file began
            }
            await UnlockAsync(connection).ConfigureAwait(false);
        }
    }

    /// <summary>Releases the lock; on a broken connection the server has released it already (the session ended).</summary>
    private static async Task UnlockAsync(NpgsqlConnection connection)
    {
        try
        {
            await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            // Nothing to release: the failure that brought us here is the one to report.
        }
    }

    /// <summary>Each statement on its own (autocommit); skipped when the required table is missing.</summary>
    private static async Task ApplyOutsideTransactionAsync(NpgsqlConnection connection, SqlMigration migration, CancellationToken cancellationToken)
    {
        if (migration.RequiresTable is { } table)
        {
            await using var exists = new NpgsqlCommand("SELECT to_regclass($1) IS NOT NULL", connection);
            exists.Parameters.AddWithValue(table);
            if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
            {
                return;
            }
        }
        foreach (var statement in SqlStatements.Split(migration.Sql))
        {
            await ExecuteAsync(connection, null, statement, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task CommitAsync(NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            await transaction.DisposeAsync().ConfigureAwait(false);
        }
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

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
