using Orchestrator.Core.Domain;
using Orchestrator.Core.Ports;
using Orchestrator.Supabase;
using Orchestrator.Tests.Store;
using Xunit;

namespace Orchestrator.Tests.Rest;

/// <summary>
/// Failures of Supabase's HTTP surface: never read as "no workers" or "no tasks"; 401/403 are final
/// configuration errors; 5xx and timeouts are retried within the budget for reads and idempotent writes
/// only; malformed answers and PostgREST error bodies are surfaced with their message.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class RestFaultTests(PostgresFixture postgres)
{
    private const string Observe = "rpc/" + RestRpc.Observe;

    /// <summary>The per-attempt timeout of the slow-answer tests: well past a loopback answer, well short of the fault's 20 s.</summary>
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(2);

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    public async Task A_refused_key_is_an_auth_error_and_is_not_retried(int status)
    {
        await using var bed = await RestTestBed.StartAsync(postgres);
        var store = await ReadyStoreAsync(bed);
        bed.Gateway.Faults.Enqueue(status == 401 ? GatewayFault.Unauthorized(Observe) : GatewayFault.Forbidden(Observe));

        var error = await Assert.ThrowsAsync<StoreException>(() => RestTestBed.ObserveAsync(store));

        Assert.Equal(ErrorKind.Auth, error.Kind);
        Assert.Contains("SUPABASE_SERVICE_ROLE_KEY", error.Message);
        Assert.Contains($"HTTP {status}", error.Message);
        Assert.Equal(2, bed.Gateway.Count(Observe));
    }

    [Fact]
    public async Task A_wrong_key_is_refused_by_the_gateway_and_never_appears_in_the_error()
    {
        await using var bed = await RestTestBed.StartAsync(postgres);
        var options = RestStores.Options(bed.Gateway.Url);
        var store = RestStores.Create(new SupabaseRestOptions
        {
            Url = options.Url, ServiceRoleKey = new Orchestrator.Configuration.Secret("sb_secret_wrong-key-0000"), RequestTimeout = options.RequestTimeout, CallBudget = options.CallBudget,
        });

        var error = await Assert.ThrowsAsync<StoreException>(() => RestTestBed.ObserveAsync(store));

        Assert.Equal(ErrorKind.Auth, error.Kind);
        Assert.Contains("Invalid API key", error.Message);
        Assert.DoesNotContain("wrong-key", error.Message);
    }

    [Fact]
    public async Task A_500_is_retried_and_the_retry_reads_the_real_state()
    {
        await using var bed = await RestTestBed.StartAsync(postgres);
        var store = await ReadyStoreAsync(bed);
        await store.RegisterWorkerAsync(new WorkerRegistration("gpu-a", "RTX", DateTimeOffset.UtcNow, Guid.NewGuid()), CancellationToken.None);
        bed.Gateway.Faults.Enqueue(GatewayFault.ServerError(Observe));

        var observation = await RestTestBed.ObserveAsync(store);

        Assert.Equal("gpu-a", Assert.Single(observation.Workers).Id);
        Assert.Equal(3, bed.Gateway.Count(Observe));
    }

    /// <summary>A body past <see cref="SupabaseHttp.MaxAnswerBytes"/> fails the call without being buffered; the next answer is read again.</summary>
    [Fact]
    public async Task An_answer_over_the_bound_fails_the_observation_and_the_next_one_is_read()
    {
        await using var bed = await RestTestBed.StartAsync(postgres);
        var store = await ReadyStoreAsync(bed);
        await store.RegisterWorkerAsync(new WorkerRegistration("gpu-a", "RTX", DateTimeOffset.UtcNow, Guid.NewGuid()), CancellationToken.None);
        bed.Gateway.Faults.Enqueue(new GatewayFault(200, "[" + new string(' ', SupabaseHttp.MaxAnswerBytes) + "]", OnlyFor: Observe));

        var error = await Assert.ThrowsAsync<StoreException>(() => RestTestBed.ObserveAsync(store));
        var next = await RestTestBed.ObserveAsync(store);

        Assert.Contains("answer too large", error.Message, StringComparison.Ordinal);
        Assert.Contains("the limit is 32 MiB", error.Message, StringComparison.Ordinal);
        Assert.Equal("gpu-a", Assert.Single(next.Workers).Id);
    }

    [Fact]
    public async Task Persistent_5xx_fails_the_observation_after_the_retries_instead_of_reading_zero()
    {
        await using var bed = await RestTestBed.StartAsync(postgres);
        var store = await ReadyStoreAsync(bed);
        for (var i = 0; i < 3; i++)
        {
            bed.Gateway.Faults.Enqueue(i == 1 ? GatewayFault.BadGateway(Observe) : GatewayFault.ServerError(Observe));
        }

        var error = await Assert.ThrowsAsync<StoreException>(() => RestTestBed.ObserveAsync(store));

        Assert.Equal(ErrorKind.Transient, error.Kind);
        Assert.Contains("upstream database connection lost", error.Message);
        Assert.Equal(1 + 3, bed.Gateway.Count(Observe));
    }

    [Fact]
    public async Task A_slow_answer_times_out_and_the_retry_succeeds()
    {
        await using var bed = await RestTestBed.StartAsync(postgres);
        // An attempt's timeout far above a loopback answer's time even on a loaded two-core machine (0.3-0.5 s was not).
        var store = await ReadyStoreAsync(bed, AttemptTimeout, retries: 1);
        bed.Gateway.Faults.Enqueue(GatewayFault.Slow(TimeSpan.FromSeconds(20), Observe));

        var observation = await RestTestBed.ObserveAsync(store);

        Assert.False(observation.Paused);
        Assert.Equal(3, bed.Gateway.Count(Observe));
    }

    [Fact]
    public async Task Answers_slower_than_every_attempt_are_a_transient_error()
    {
        await using var bed = await RestTestBed.StartAsync(postgres);
        var store = await ReadyStoreAsync(bed, AttemptTimeout, retries: 1);
        bed.Gateway.Faults.Enqueue(GatewayFault.Slow(TimeSpan.FromSeconds(20), Observe));
        bed.Gateway.Faults.Enqueue(GatewayFault.Slow(TimeSpan.FromSeconds(20), Observe));

        var error = await Assert.ThrowsAsync<StoreException>(() => RestTestBed.ObserveAsync(store));

        Assert.Equal(ErrorKind.Transient, error.Kind);
        Assert.Contains("did not answer in time", error.Message);
    }

    [Fact]
    public async Task Malformed_json_is_a_store_error_not_an_empty_fleet()
    {
        await using var bed = await RestTestBed.StartAsync(postgres);
        var store = await ReadyStoreAsync(bed);
        bed.Gateway.Faults.Enqueue(GatewayFault.MalformedJson(Observe));

        var error = await Assert.ThrowsAsync<StoreException>(() => RestTestBed.ObserveAsync(store));

        Assert.Equal(ErrorKind.Store, error.Kind);
        Assert.Contains("not JSON", error.Message);
        Assert.Equal(2, bed.Gateway.Count(Observe));
    }

    [Fact]
    public async Task A_postgrest_error_body_is_surfaced_with_code_message_details_and_hint()
    {
        await using var bed = await RestTestBed.StartAsync(postgres);
        var store = bed.Store();
        bed.Gateway.Faults.Enqueue(GatewayFault.PostgrestError("rpc/" + RestRpc.AppendEvents));

        var error = await Assert.ThrowsAsync<StoreException>(() => store.AppendEventsAsync([new ScalingEvent(DateTimeOffset.UtcNow, Guid.NewGuid(), "cycle", null, "steady")], CancellationToken.None));

        Assert.Equal(ErrorKind.Store, error.Kind);
        Assert.Contains("HTTP 400: 22P02: invalid input syntax for type uuid: \"nope\" (array element 1); hint: check the cycle ids", error.Message);
    }

    [Fact]
    public async Task A_real_database_error_comes_back_as_a_postgrest_error()
    {
        await using var bed = await RestTestBed.StartAsync(postgres);
        var store = bed.Store();

        var error = await Assert.ThrowsAsync<StoreException>(() => store.AppendEventsAsync(
            [new ScalingEvent(DateTimeOffset.UtcNow, Guid.NewGuid(), "cycle", null, "steady", "{not json")], CancellationToken.None));

        Assert.Equal(ErrorKind.Store, error.Kind);
        Assert.Contains("22P02: invalid input syntax for type json", error.Message);
        Assert.Equal(0L, await bed.Db.ScalarAsync<long>("SELECT count(*) FROM orchestrator_events"));
    }

    [Fact]
    public async Task A_conditional_transition_is_not_retried_on_5xx()
    {
        await using var bed = await RestTestBed.StartAsync(postgres);
        var store = bed.Store();
        await store.RegisterWorkerAsync(new WorkerRegistration("gpu-a", "RTX", DateTimeOffset.UtcNow, Guid.NewGuid()), CancellationToken.None);
        bed.Gateway.Faults.Enqueue(GatewayFault.ServerError("rpc/" + RestRpc.Apply));

        var error = await Assert.ThrowsAsync<StoreException>(() => store.ApplyAsync(
            new WorkerChange { WorkerId = "gpu-a", From = WorkerState.Requested, To = WorkerState.Spawning, At = DateTimeOffset.UtcNow }, CancellationToken.None));

        Assert.Equal(ErrorKind.Transient, error.Kind);
        Assert.Equal(1, bed.Gateway.Count("rpc/" + RestRpc.Apply));
        Assert.Equal("requested", await bed.Db.ScalarAsync<string>("SELECT state FROM orchestrator_workers WHERE worker_id = 'gpu-a'"));
    }

    [Fact]
    public async Task Registration_is_idempotent_so_it_is_retried_on_5xx()
    {
        await using var bed = await RestTestBed.StartAsync(postgres);
        var store = bed.Store();
        bed.Gateway.Faults.Enqueue(GatewayFault.ServerError("rpc/" + RestRpc.Register));

        await store.RegisterWorkerAsync(new WorkerRegistration("gpu-a", "RTX", DateTimeOffset.UtcNow, Guid.NewGuid()), CancellationToken.None);

        Assert.Equal(2, bed.Gateway.Count("rpc/" + RestRpc.Register));
        Assert.Equal(1L, await bed.Db.ScalarAsync<long>("SELECT count(*) FROM orchestrator_workers"));
    }

    [Fact]
    public async Task Concurrent_transitions_from_the_same_state_apply_once()
    {
        await using var bed = await RestTestBed.StartAsync(postgres);
        var store = bed.Store();
        var other = bed.Store();
        await store.RegisterWorkerAsync(new WorkerRegistration("gpu-a", "RTX", DateTimeOffset.UtcNow, Guid.NewGuid()), CancellationToken.None);
        WorkerChange To(WorkerState state, string pod) => new() { WorkerId = "gpu-a", From = WorkerState.Requested, To = state, At = DateTimeOffset.UtcNow, PodId = pod };

        var results = await Task.WhenAll(store.ApplyAsync(To(WorkerState.Spawning, "pod-1"), CancellationToken.None), other.ApplyAsync(To(WorkerState.Error, "pod-2"), CancellationToken.None));

        Assert.Single(results, applied => applied);
        var (state, pod) = results[0] ? ("spawning", "pod-1") : ("error", "pod-2");
        Assert.Equal(state, await bed.Db.ScalarAsync<string>("SELECT state FROM orchestrator_workers WHERE worker_id = 'gpu-a'"));
        Assert.Equal(pod, await bed.Db.ScalarAsync<string>("SELECT pod_id FROM orchestrator_workers WHERE worker_id = 'gpu-a'"));
    }

    /// <summary>A store whose start-up check has run (one missing-objects request), so later counts are per call.</summary>
    private static async Task<SupabaseRestStore> ReadyStoreAsync(RestTestBed bed, TimeSpan? timeout = null, int retries = 2)
    {
        var store = bed.Store(timeout, retries);
        await RestTestBed.ObserveAsync(store);
        return store;
    }
}
