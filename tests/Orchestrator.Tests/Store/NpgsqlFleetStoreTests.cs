using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orchestrator.Core.Domain;
using Orchestrator.Core.Options;
using Orchestrator.Core.Ports;
using Orchestrator.Persistence;
using Orchestrator.Postgres;
using Xunit;
using Orchestrator.TestSupport;

namespace Orchestrator.Tests.Store;

/// <summary>What only the PostgreSQL store can show: round trips, the Reigh row it writes, failure kinds.</summary>
[Collection(PostgresCollection.Name)]
public sealed class NpgsqlFleetStoreTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private StoreTestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await postgres.CreateDatabaseAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private static ObservationRequest Request(params string[] pods) => new(Now, pods, TimeSpan.FromMinutes(30));

    [Fact]
    public async Task Observe_takes_one_round_trip_whatever_the_fleet_and_history_size()
    {
        var store = _db.CreateStore();
        await store.ObserveAsync(Request(), CancellationToken.None);
        var project = await _db.AddUserAsync();

        var small = store.RoundTrips.Count;
        await store.ObserveAsync(Request(), CancellationToken.None);
        var perSmallObserve = store.RoundTrips.Count - small;

        for (var i = 0; i < 40; i++)
        {
            await store.RegisterWorkerAsync(new WorkerRegistration($"gpu-{i}", "RTX", Now, Guid.NewGuid()), CancellationToken.None);
            await _db.AddTaskAsync(project, "travel_segment", Now.AddMinutes(-i));
            await _db.ClaimAsync($"gpu-{i}");
        }
        var large = store.RoundTrips.Count;
        var observation = await store.ObserveAsync(Request("gpu-0", "gpu-1"), CancellationToken.None);

        Assert.Equal(1, perSmallObserve);
        Assert.Equal(1, store.RoundTrips.Count - large);
        Assert.Equal(40, observation.Workers.Count);
    }

    [Fact]
    public async Task Register_writes_the_reigh_workers_row_the_old_service_wrote()
    {
        var store = _db.CreateStore();

        await store.RegisterWorkerAsync(new WorkerRegistration("gpu-a", "NVIDIA GeForce RTX 4090", Now, Guid.NewGuid()), CancellationToken.None);

        Assert.Equal("inactive|NVIDIA GeForce RTX 4090|spawning", await _db.ScalarAsync<string>(
            "SELECT status || '|' || instance_type || '|' || (metadata ->> 'orchestrator_status') FROM workers WHERE id = 'gpu-a'"));
        Assert.Equal("requested", await _db.ScalarAsync<string>("SELECT state FROM orchestrator_workers WHERE worker_id = 'gpu-a'"));
    }

    [Fact]
    public async Task Metadata_merges_keep_what_the_heartbeat_wrote_and_record_the_pod_id()
    {
        var store = _db.CreateStore();
        await store.RegisterWorkerAsync(new WorkerRegistration("gpu-a", "RTX", Now, Guid.NewGuid()), CancellationToken.None);
        await _db.HeartbeatAsync("gpu-a");

        await store.ApplyAsync(new WorkerChange { WorkerId = "gpu-a", From = WorkerState.Requested, To = WorkerState.Spawning, At = Now, PodId = "pod-9", MetadataJson = """{"gpu":"4090"}""" }, CancellationToken.None);

        Assert.Equal("24564|pod-9|4090|spawning", await _db.ScalarAsync<string>(
            "SELECT concat_ws('|', metadata ->> 'vram_total_mb', metadata ->> 'runpod_id', metadata ->> 'gpu', metadata ->> 'orchestrator_status') FROM workers WHERE id = 'gpu-a'"));
    }

    [Fact]
    public async Task A_workers_row_the_orchestrator_never_tracked_is_observed_terminated_when_a_pod_names_it()
    {
        await _db.HeartbeatAsync("gpu-stray");
        var store = _db.CreateStore();

        var unnamed = await store.ObserveAsync(Request(), CancellationToken.None);
        var named = await store.ObserveAsync(Request("gpu-stray"), CancellationToken.None);

        Assert.Empty(unnamed.Workers);
        var view = Assert.Single(named.Workers);
        Assert.Equal((WorkerState.Terminated, "active"), (view.State, view.DbStatus));
    }

    [Fact]
    public async Task A_self_terminated_worker_is_reported_as_such()
    {
        var store = _db.CreateStore();
        await store.RegisterWorkerAsync(new WorkerRegistration("gpu-a", "RTX", Now, Guid.NewGuid()), CancellationToken.None);
        await _db.ExecuteAsync("""UPDATE workers SET status = 'error', metadata = metadata || '{"self_terminated":true}' WHERE id = 'gpu-a'""");

        var view = Assert.Single((await store.ObserveAsync(Request(), CancellationToken.None)).Workers);

        Assert.True(view.SelfTerminated);
        Assert.Equal("error", view.DbStatus);
    }

    [Fact]
    public async Task An_unreachable_database_is_a_store_error_without_the_password()
    {
        var builder = new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = LoopbackPort.Free(), Username = "postgres", Password = "hunter2-secret", Timeout = 3 };
        await using var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        var store = new NpgsqlFleetStore(dataSource, new DemandOptions(), NullLogger<NpgsqlFleetStore>.Instance);

        var error = await Assert.ThrowsAsync<StoreException>(() => store.ObserveAsync(Request(), CancellationToken.None));

        Assert.Equal(ErrorKind.Store, error.Kind);
        Assert.DoesNotContain("hunter2-secret", error.ToString());
    }

    [Fact]
    public async Task A_refused_login_is_an_auth_error()
    {
        var builder = new NpgsqlConnectionStringBuilder(_db.ConnectionString) { Username = "no_such_role" };
        await using var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        var store = new NpgsqlFleetStore(dataSource, new DemandOptions(), NullLogger<NpgsqlFleetStore>.Instance);

        var error = await Assert.ThrowsAsync<StoreException>(() => store.SetPausedAsync(true, null, Now, CancellationToken.None));

        Assert.Equal(ErrorKind.Auth, error.Kind);
    }

    [Fact]
    public async Task Missing_orchestrator_tables_say_to_run_migrate()
    {
        await _db.ExecuteAsync("DROP TABLE orchestrator_control");
        var store = _db.CreateStore(new DemandOptions { Mode = "plain" });

        var error = await Assert.ThrowsAsync<StoreException>(() => store.ObserveAsync(Request(), CancellationToken.None));

        Assert.Equal(ErrorKind.Configuration, error.Kind);
        Assert.Contains("migrate", error.Message);
    }

    [Fact]
    public async Task Without_the_store_functions_observe_names_each_one_its_migration_and_migrate()
    {
        await _db.ExecuteAsync($"DROP FUNCTION {string.Join(", ", StoreFunctions.Names.Union(StoreFunctions.CalledByPostgres.Select(f => f.Name)))}");
        var store = _db.CreateStore();

        var error = await Assert.ThrowsAsync<StoreException>(() => store.ObserveAsync(Request(), CancellationToken.None));

        Assert.Equal(ErrorKind.Configuration, error.Kind);
        foreach (var function in StoreFunctions.CalledByPostgres)
        {
            Assert.Contains($"{function.Name} (migration {function.Migration})", error.Message);
        }
        Assert.Contains("run `orchestrator migrate`", error.Message);
    }

    [Fact]
    public async Task With_010_but_not_011_observe_names_the_guarded_apply_change()
    {
        await _db.ExecuteAsync("DROP FUNCTION orchestrator_apply_change");
        await _db.ExecuteAsync("BEGIN;\n" + SqlResources.Migrations().Single(m => m.Name == "010_rest_rpc.sql").Sql + "\nCOMMIT;");
        var store = _db.CreateStore();

        var error = await Assert.ThrowsAsync<StoreException>(() => store.ObserveAsync(Request(), CancellationToken.None));

        Assert.Equal(ErrorKind.Configuration, error.Kind);
        Assert.Contains("lacks the store's functions: orchestrator_apply_change (migration 011_apply_change_heartbeat_guard.sql);", error.Message);
    }

    [Fact]
    public async Task A_function_dropped_while_running_is_a_configuration_error_and_rechecked()
    {
        var store = _db.CreateStore();
        await store.ObserveAsync(Request(), CancellationToken.None);
        await _db.ExecuteAsync("DROP FUNCTION orchestrator_set_paused");

        var error = await Assert.ThrowsAsync<StoreException>(() => store.SetPausedAsync(true, "x", Now, CancellationToken.None));
        var next = await Assert.ThrowsAsync<StoreException>(() => store.ObserveAsync(Request(), CancellationToken.None));

        Assert.Equal(ErrorKind.Configuration, error.Kind);
        Assert.Contains("orchestrator_set_paused", error.Message);
        Assert.Contains("orchestrator migrate", error.Message);
        Assert.Equal(ErrorKind.Configuration, next.Kind);
        Assert.Contains("orchestrator_set_paused (migration 010_rest_rpc.sql)", next.Message);
    }

    [Fact]
    public async Task Every_write_is_one_call_of_a_store_function()
    {
        var store = _db.CreateStore();
        await store.ObserveAsync(Request(), CancellationToken.None);
        var before = store.RoundTrips.Count;

        await store.RegisterWorkerAsync(new WorkerRegistration("gpu-a", "RTX", Now, Guid.NewGuid()), CancellationToken.None);
        await store.ApplyAsync(new WorkerChange { WorkerId = "gpu-a", From = WorkerState.Requested, To = WorkerState.Spawning, At = Now }, CancellationToken.None);
        await store.RequeueTasksAsync("gpu-a", 3, "test", Now, spendAttempt: true, CancellationToken.None);
        await store.AppendEventsAsync([new ScalingEvent(Now, Guid.NewGuid(), "test", "gpu-a", "r", null)], CancellationToken.None);
        await store.SetPausedAsync(false, null, Now, CancellationToken.None);

        Assert.Equal(5, store.RoundTrips.Count - before);
        Assert.Equal("spawning", await _db.ScalarAsync<string>("SELECT state FROM orchestrator_workers WHERE worker_id = 'gpu-a'"));
        Assert.Equal(1L, await _db.ScalarAsync<long>("SELECT count(*) FROM orchestrator_events WHERE worker_id = 'gpu-a'"));
    }

}
