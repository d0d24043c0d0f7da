using Orchestrator.Postgres;
using Orchestrator.TestSupport;
using Xunit;

namespace Orchestrator.Tests.Store;

/// <summary>
/// One throwaway PostgreSQL cluster per test run (xunit collection fixture), with a template database
/// holding the Reigh schema and the service's migrations, loaded from the project's own SQL. Each test
/// gets a fresh copy of the template (<see cref="CreateDatabaseAsync"/>).
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private const string Template = "reigh_template";
    private int _databases;

    public ThrowawayPostgres Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await ThrowawayPostgres.StartAsync();
        await Server.CreateDatabaseAsync(Template);
        await Server.LoadSchemaAsync(Template);
    }

    /// <summary>A new database with the schema and migrations loaded; drop it with <see cref="StoreTestDatabase.DisposeAsync"/>.</summary>
    public async Task<StoreTestDatabase> CreateDatabaseAsync()
    {
        var name = $"test_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}"[..30];
        await Server.CreateDatabaseAsync(name, Template);
        return new StoreTestDatabase(Server, name);
    }

    /// <summary>An empty database (no schema), for migration tests.</summary>
    public async Task<StoreTestDatabase> CreateEmptyDatabaseAsync()
    {
        var name = $"empty_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}"[..30];
        await Server.CreateDatabaseAsync(name);
        return new StoreTestDatabase(Server, name);
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
