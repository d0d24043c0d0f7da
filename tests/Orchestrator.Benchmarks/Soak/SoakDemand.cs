using Npgsql;

namespace Orchestrator.Benchmarks.Soak;

/// <summary>
/// Churning demand on the soak's database: queued tasks rise and fall as a triangle wave between 0 and
/// <see cref="Peak"/> over <see cref="Period"/> cycles. Every step inserts at least one task (its NOTIFY wakes a cycle at
/// once) and completes the oldest surplus, so cycles run back to back and pods are created and cancelled all along.
/// Its own connections carry <see cref="ApplicationName"/>, so the service's can be counted apart.
/// </summary>
public sealed class SoakDemand : IAsyncDisposable
{
    public const string ApplicationName = "soak-driver";
    public const int Peak = 8;
    public const int Period = 200;

    private readonly NpgsqlDataSource _db;
    private Guid _project;

    private SoakDemand(NpgsqlDataSource db) => _db = db;

    public static async Task<SoakDemand> StartAsync(string connectionString, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = ApplicationName, MaxPoolSize = 2 };
        var demand = new SoakDemand(NpgsqlDataSource.Create(builder.ConnectionString));
        await using var command = demand._db.CreateCommand("""
            WITH u AS (INSERT INTO users (id, credits) VALUES (gen_random_uuid(), 1000000) RETURNING id)
            INSERT INTO projects (id, user_id) SELECT gen_random_uuid(), id FROM u RETURNING id
            """);
        demand._project = (Guid)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        return demand;
    }

    /// <summary>Queued tasks wanted after <paramref name="cycle"/> cycles.</summary>
    public static int Target(int cycle)
    {
        var phase = cycle % Period;
        var half = Period / 2;
        return (int)Math.Round(Peak * (phase < half ? phase : Period - phase) / (double)half);
    }

    /// <summary>Moves the queue to <paramref name="target"/> queued tasks, inserting at least one (the wake-up); one round trip, one transaction.</summary>
    public async Task StepAsync(int target, CancellationToken cancellationToken)
    {
        await using var batch = _db.CreateBatch();
        var insert = new NpgsqlBatchCommand("""
            INSERT INTO tasks (task_type, project_id)
            SELECT 'travel_segment', $1 FROM generate_series(1, GREATEST(1, $2 - (SELECT count(*)::int FROM tasks WHERE status = 'Queued')))
            """);
        insert.Parameters.AddWithValue(_project);
        insert.Parameters.AddWithValue(target);
        var complete = new NpgsqlBatchCommand("""
            UPDATE tasks SET status = 'Complete', updated_at = now()
            WHERE id IN (SELECT id FROM tasks WHERE status = 'Queued' ORDER BY created_at, id
                         LIMIT GREATEST(0, (SELECT count(*)::int FROM tasks WHERE status = 'Queued') - $1))
            """);
        complete.Parameters.AddWithValue(target);
        batch.BatchCommands.Add(insert);
        batch.BatchCommands.Add(complete);
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The service's client connections to <paramref name="database"/> (everything but this driver's).</summary>
    public async Task<int> ServiceConnectionsAsync(string database, CancellationToken cancellationToken)
    {
        await using var command = _db.CreateCommand("""
            SELECT count(*)::int FROM pg_stat_activity
            WHERE datname = $1 AND backend_type = 'client backend' AND application_name <> $2
            """);
        command.Parameters.AddWithValue(database);
        command.Parameters.AddWithValue(ApplicationName);
        return (int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();
}
