using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orchestrator.Core.Options;
using Orchestrator.Postgres;
using Orchestrator.TestSupport;

namespace Orchestrator.Tests.Store;

/// <summary>
/// A test's own database, and the Reigh-side actors the orchestrator does not play: users and their
/// projects, task creators, and workers (claim, complete, heartbeat) through the schema's functions.
/// </summary>
public sealed class StoreTestDatabase(ThrowawayPostgres server, string name) : IAsyncDisposable
{
    public string Name { get; } = name;

    public string ConnectionString { get; } = server.ConnectionString(name);

    public NpgsqlDataSource DataSource { get; } = NpgsqlDataSource.Create(server.ConnectionString(name));

    public NpgsqlFleetStore CreateStore(DemandOptions? demand = null) =>
        new(DataSource, demand ?? new DemandOptions(), NullLogger<NpgsqlFleetStore>.Instance);

    public async Task<int> ExecuteAsync(string sql, params object?[] parameters)
    {
        await using var command = Command(sql, parameters);
        return await command.ExecuteNonQueryAsync();
    }

    public async Task<T> ScalarAsync<T>(string sql, params object?[] parameters)
    {
        await using var command = Command(sql, parameters);
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? default! : (T)value;
    }

    /// <summary>A user (credits, optional settings JSON) with one project; returns the project id.</summary>
    public async Task<Guid> AddUserAsync(decimal credits = 100, string? settingsJson = null)
    {
        var user = Guid.NewGuid();
        var project = Guid.NewGuid();
        await ExecuteAsync("INSERT INTO users (id, credits, settings) VALUES ($1, $2, $3::jsonb)", user, credits, settingsJson);
        await ExecuteAsync("INSERT INTO projects (id, user_id) VALUES ($1, $2)", project, user);
        return project;
    }

    public async Task<Guid> AddTaskAsync(Guid project, string taskType, DateTimeOffset createdAt, Guid[]? dependsOn = null)
    {
        var id = Guid.NewGuid();
        await ExecuteAsync("INSERT INTO tasks (id, task_type, project_id, created_at, dependant_on) VALUES ($1, $2, $3, $4, $5)",
            id, taskType, project, createdAt.ToUniversalTime(), dependsOn);
        return id;
    }

    /// <summary>A bare <c>workers</c> row, as another fleet or the heartbeat would create.</summary>
    public Task AddWorkerRowAsync(string workerId) =>
        ExecuteAsync("INSERT INTO workers (id, instance_type, status) VALUES ($1, 'external', 'active') ON CONFLICT DO NOTHING", workerId);

    public async Task<Guid?> ClaimAsync(string workerId, string? runType = "gpu")
    {
        var id = await ScalarAsync<Guid>("SELECT task_id FROM claim_next_task_service_role($1, false, $2)", workerId, runType);
        return id == Guid.Empty ? null : id;
    }

    public Task CompleteAsync(Guid taskId) =>
        ExecuteAsync("UPDATE tasks SET status = 'Complete', generation_processed_at = now(), updated_at = now() WHERE id = $1 AND status = 'In Progress'", taskId);

    public Task HeartbeatAsync(string workerId, string status = "active") =>
        ExecuteAsync("SELECT func_worker_heartbeat_with_logs($1, 24564, 1200, '[]'::jsonb, NULL, $2)", workerId, status);

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await server.DropDatabaseAsync(Name);
    }

    private NpgsqlCommand Command(string sql, object?[] parameters)
    {
        var command = DataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(parameter is null ? new NpgsqlParameter { Value = DBNull.Value } : new NpgsqlParameter { Value = parameter });
        }
        return command;
    }
}
