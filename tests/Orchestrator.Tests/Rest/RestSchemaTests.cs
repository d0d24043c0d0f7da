using Orchestrator.Core.Ports;
using Orchestrator.Persistence;
using Orchestrator.Postgres;
using Orchestrator.Supabase;
using Orchestrator.Tests.Store;
using Xunit;

namespace Orchestrator.Tests.Rest;

/// <summary>
/// Migrations 010 and 011: the store functions both stores call exist once each, are the service role's only,
/// and the REST store names what is missing when it was not applied.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class RestSchemaTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Each_function_the_stores_call_exists_once_with_the_signature_the_postgres_store_calls()
    {
        await using var db = await postgres.CreateDatabaseAsync();

        foreach (var function in StoreFunctions.CalledByPostgres)
        {
            Assert.True(await db.ScalarAsync<bool>($"SELECT to_regprocedure('{function.Signature}') IS NOT NULL"), function.Signature);
        }
        foreach (var name in StoreFunctions.Names)
        {
            // One overload each, or PostgREST could not choose (011 dropped 010's orchestrator_apply_change first).
            Assert.Equal(1L, await db.ScalarAsync<long>($"SELECT count(*) FROM pg_proc WHERE pronamespace = 'public'::regnamespace AND proname = '{name}'"));
        }
    }

    [Fact]
    public async Task Observe_returns_json_after_012_and_010_runs_again_without_touching_it()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        Assert.Equal("json", await db.ScalarAsync<string>("SELECT pg_get_function_result('orchestrator_observe'::regproc)"));

        await db.ExecuteAsync("BEGIN;\n" + SqlResources.Migrations().Single(m => m.Name == "010_rest_rpc.sql").Sql + "\nCOMMIT;");

        // orchestrator_observe is defined once, by 012: running 010 again leaves it as it is.
        Assert.Equal("json", await db.ScalarAsync<string>("SELECT pg_get_function_result('orchestrator_observe'::regproc)"));
        var observation = await db.CreateStore().ObserveAsync(new ObservationRequest(DateTimeOffset.UtcNow, [], TimeSpan.FromMinutes(30)), CancellationToken.None);
        Assert.Empty(observation.Workers);
    }

    [Fact]
    public async Task Only_the_service_role_may_execute_the_functions()
    {
        await using var db = await postgres.CreateDatabaseAsync();

        var rows = await db.ScalarAsync<long>("""
            SELECT count(*) FROM pg_proc p
             WHERE p.pronamespace = 'public'::regnamespace AND p.proname LIKE 'orchestrator\_%'
               AND has_function_privilege('service_role', p.oid, 'EXECUTE')
               AND NOT has_function_privilege('anon', p.oid, 'EXECUTE')
               AND NOT has_function_privilege('authenticated', p.oid, 'EXECUTE')
            """);
        var all = await db.ScalarAsync<long>("SELECT count(*) FROM pg_proc WHERE pronamespace = 'public'::regnamespace AND proname LIKE 'orchestrator\\_%'");

        Assert.Equal(all, rows);
        Assert.True(all >= RestRpc.Functions.Count);
        Assert.False(await db.ScalarAsync<bool>("SELECT has_table_privilege('anon', 'orchestrator_workers', 'SELECT')"));
    }

    [Fact]
    public async Task Without_the_migration_the_store_names_every_missing_function_and_fails_closed()
    {
        await using var bed = await RestTestBed.StartAsync(postgres);
        await bed.Db.AddTaskAsync(bed.Project, "travel_segment", DateTimeOffset.UtcNow.AddMinutes(-1));
        await bed.Db.ExecuteAsync("DROP FUNCTION orchestrator_missing_objects, orchestrator_observe, orchestrator_register_worker");
        var store = bed.Store();

        var error = await Assert.ThrowsAsync<StoreException>(() => RestTestBed.ObserveAsync(store));

        Assert.Equal(ErrorKind.Configuration, error.Kind);
        foreach (var function in RestRpc.Functions)
        {
            Assert.Contains(function, error.Message);
        }
        Assert.Contains("orchestrator migrate --print", error.Message);
        Assert.Equal(1, bed.Gateway.Count("functions/v1/task-counts"));
        Assert.Equal(0, bed.Gateway.Count("rpc/" + RestRpc.Observe));
    }

    [Fact]
    public async Task A_partly_applied_schema_names_exactly_what_is_missing_and_heals_once_applied()
    {
        await using var bed = await RestTestBed.StartAsync(postgres);
        await bed.Db.ExecuteAsync("DROP FUNCTION orchestrator_requeue_tasks");
        var store = bed.Store();

        var error = await Assert.ThrowsAsync<StoreException>(() => RestTestBed.ObserveAsync(store));
        Assert.Contains("lacks the service's objects: orchestrator_requeue_tasks;", error.Message);

        await bed.Db.ExecuteAsync("BEGIN;\n" + SqlResources.Migrations().Single(m => m.Name == "010_rest_rpc.sql").Sql + "\nCOMMIT;");
        var observation = await RestTestBed.ObserveAsync(store);

        Assert.Empty(observation.Workers);
    }

    [Fact]
    public async Task A_function_dropped_while_running_is_a_configuration_error_and_rechecked()
    {
        await using var bed = await RestTestBed.StartAsync(postgres);
        var store = bed.Store();
        await RestTestBed.ObserveAsync(store);
        await bed.Db.ExecuteAsync("DROP FUNCTION orchestrator_set_paused");

        var error = await Assert.ThrowsAsync<StoreException>(() => store.SetPausedAsync(true, "x", DateTimeOffset.UtcNow, CancellationToken.None));
        var next = await Assert.ThrowsAsync<StoreException>(() => RestTestBed.ObserveAsync(store));

        Assert.Equal(ErrorKind.Configuration, error.Kind);
        Assert.Contains("PGRST202", error.Message);
        Assert.Contains("orchestrator_set_paused", next.Message);
    }

    [Fact]
    public async Task Observation_is_one_request_whatever_the_fleet_size_and_is_not_capped_at_1000_rows()
    {
        await using var bed = await RestTestBed.StartAsync(postgres);
        var store = bed.Store();
        await RestTestBed.ObserveAsync(store);
        var before = store.Requests.Count;
        var small = await RestTestBed.ObserveAsync(store);
        var one = store.Requests.Count - before;
        await bed.Db.ExecuteAsync("""
            INSERT INTO workers (id, instance_type, status) SELECT 'gpu-' || i, 'RTX', 'active' FROM generate_series(1, 1200) i;
            INSERT INTO orchestrator_workers (worker_id, state, state_since, created_at, updated_at)
            SELECT 'gpu-' || i, 'active', now(), now(), now() FROM generate_series(1, 1200) i;
            """);

        before = store.Requests.Count;
        var large = await RestTestBed.ObserveAsync(store);

        Assert.Empty(small.Workers);
        Assert.Equal(1, one);
        Assert.Equal(1, store.Requests.Count - before);
        Assert.True(large.Workers.Count > GatewayRpc.MaxRows);
        Assert.Equal(1200, large.Workers.Count);
    }

    [Fact]
    public async Task A_set_returning_rpc_is_capped_by_the_gateway_like_supabase()
    {
        await using var bed = await RestTestBed.StartAsync(postgres);
        await bed.Db.ExecuteAsync("CREATE FUNCTION many() RETURNS TABLE (n int) LANGUAGE sql AS 'SELECT generate_series(1, 1500)'; GRANT EXECUTE ON FUNCTION many() TO service_role");
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(bed.Gateway.Url, "/rest/v1/rpc/many")) { Content = new StringContent("{}") };
        request.Headers.Add("apikey", SupabaseGateway.ServiceKey);
        request.Headers.Add("Authorization", "Bearer " + SupabaseGateway.ServiceKey);

        using var response = await client.SendAsync(request);
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(GatewayRpc.MaxRows, json.RootElement.GetArrayLength());
    }
}
