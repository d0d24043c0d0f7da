using Orchestrator.Core.Options;
using Orchestrator.Core.Ports;
using Orchestrator.Tests.Store;
using Xunit;

namespace Orchestrator.Tests.Rest;

/// <summary>
/// The store contract against <see cref="Supabase.SupabaseRestStore"/>, through the loopback Supabase
/// gateway on a real PostgreSQL with the Reigh schema and the service's migrations.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class RestFleetStoreContractTests(PostgresFixture postgres) : FleetStoreContract
{
    private StoreTestDatabase _db = null!;
    private SupabaseGateway _gateway = null!;
    private Guid _project;

    protected override async Task<IFleetStore> CreateStoreAsync(DemandOptions demand)
    {
        _db = await postgres.CreateDatabaseAsync();
        _project = await _db.AddUserAsync(credits: 100);
        _gateway = await SupabaseGateway.StartAsync(_db.ConnectionString);
        return RestStores.Create(RestStores.Options(_gateway.Url), demand);
    }

    public override async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _db.DisposeAsync();
    }

    protected override Task<Guid> AddTaskAsync(string taskType, DateTimeOffset createdAt) => _db.AddTaskAsync(_project, taskType, createdAt);

    protected override Task<Guid?> ClaimAsync(string workerId) => _db.ClaimAsync(workerId);

    protected override Task CompleteAsync(Guid taskId, string workerId) => _db.CompleteAsync(taskId);

    protected override Task HeartbeatAsync(string workerId, string status) => _db.HeartbeatAsync(workerId, status);

    protected override async Task<StoredTask> ReadTaskAsync(Guid taskId)
    {
        await using var command = _db.DataSource.CreateCommand("SELECT status::text, attempts, worker_id, error_message FROM tasks WHERE id = $1");
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = taskId });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return new StoredTask(reader.GetString(0), reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3));
    }

    protected override Task<string?> ReadMetadataAsync(string workerId, string key) =>
        _db.ScalarAsync<string?>("SELECT metadata ->> $2 FROM workers WHERE id = $1", workerId, key);

    protected override async Task<int> CountEventsAsync() => (int)await _db.ScalarAsync<long>("SELECT count(*) FROM orchestrator_events");
}
