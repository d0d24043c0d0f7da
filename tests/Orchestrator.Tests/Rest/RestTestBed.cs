using Orchestrator.Core.Options;
using Orchestrator.Core.Ports;
using Orchestrator.Supabase;
using Orchestrator.Tests.Store;

namespace Orchestrator.Tests.Rest;

/// <summary>A test database with one user and project, and a Supabase gateway in front of it.</summary>
public sealed class RestTestBed : IAsyncDisposable
{
    private RestTestBed(StoreTestDatabase db, SupabaseGateway gateway, Guid project)
    {
        Db = db;
        Gateway = gateway;
        Project = project;
    }

    public StoreTestDatabase Db { get; }
    public SupabaseGateway Gateway { get; }
    public Guid Project { get; }

    public static async Task<RestTestBed> StartAsync(PostgresFixture postgres)
    {
        var db = await postgres.CreateDatabaseAsync();
        var project = await db.AddUserAsync(credits: 100);
        return new RestTestBed(db, await SupabaseGateway.StartAsync(db.ConnectionString), project);
    }

    public SupabaseRestStore Store(TimeSpan? timeout = null, int retries = 2, DemandOptions? demand = null) =>
        RestStores.Create(RestStores.Options(Gateway.Url, timeout, retries), demand);

    public static Task<StoreObservation> ObserveAsync(IFleetStore store, params string[] podNames) =>
        store.ObserveAsync(new ObservationRequest(DateTimeOffset.UtcNow, podNames, TimeSpan.FromMinutes(30)), CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Db.DisposeAsync();
    }
}
