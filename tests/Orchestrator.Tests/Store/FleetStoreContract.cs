using Orchestrator.Core.Domain;
using Orchestrator.Core.Options;
using Orchestrator.Core.Ports;
using Xunit;

namespace Orchestrator.Tests.Store;

/// <summary>
/// What every <see cref="IFleetStore"/> must do, run against each implementation. Subclasses supply
/// the store and the Reigh-side actors it does not own (task creators, workers claiming, completing
/// and heartbeating) through the abstract hooks.
/// </summary>
public abstract partial class FleetStoreContract : IAsyncLifetime
{
    protected static readonly DateTimeOffset Now = Truncate(DateTimeOffset.UtcNow);

    protected IFleetStore Store { get; private set; } = null!;

    /// <summary>Creates the store under test on an empty fleet with a user who may have work claimed.</summary>
    protected abstract Task<IFleetStore> CreateStoreAsync(DemandOptions demand);

    protected abstract Task<Guid> AddTaskAsync(string taskType, DateTimeOffset createdAt);

    /// <summary>The worker claims the oldest claimable task (FIFO); null when there is none.</summary>
    protected abstract Task<Guid?> ClaimAsync(string workerId);

    protected abstract Task CompleteAsync(Guid taskId, string workerId);

    /// <summary>The worker's heartbeat RPC with <paramref name="status"/> (it overwrites <c>workers.status</c>).</summary>
    protected abstract Task HeartbeatAsync(string workerId, string status);

    protected abstract Task<StoredTask> ReadTaskAsync(Guid taskId);

    /// <summary>A top-level key of <c>workers.metadata</c> as text, or null.</summary>
    protected abstract Task<string?> ReadMetadataAsync(string workerId, string key);

    protected abstract Task<int> CountEventsAsync();

    public async Task InitializeAsync() => Store = await CreateStoreAsync(new DemandOptions { MaxTaskAge = TimeSpan.FromHours(24) });

    public virtual Task DisposeAsync() => Task.CompletedTask;

    protected static DateTimeOffset Truncate(DateTimeOffset value) => new(value.UtcTicks - (value.UtcTicks % 10), TimeSpan.Zero);

    protected Task<StoreObservation> ObserveAsync(params string[] podNames) =>
        Store.ObserveAsync(new ObservationRequest(Now, podNames, TimeSpan.FromMinutes(30)), CancellationToken.None);

    protected async Task<WorkerView?> ViewAsync(string workerId, params string[] podNames) =>
        (await ObserveAsync(podNames)).Workers.SingleOrDefault(w => w.Id == workerId);

    protected async Task<string> RegisterAsync(string workerId)
    {
        await Store.RegisterWorkerAsync(new WorkerRegistration(workerId, "NVIDIA GeForce RTX 4090", Now, Guid.NewGuid()), CancellationToken.None);
        return workerId;
    }

    protected Task<bool> ApplyAsync(string workerId, WorkerState from, WorkerState to, Func<WorkerChange, WorkerChange>? with = null, DateTimeOffset? at = null)
    {
        var change = new WorkerChange { WorkerId = workerId, From = from, To = to, At = at ?? Now };
        return Store.ApplyAsync(with is null ? change : with(change), CancellationToken.None);
    }

    [Fact]
    public async Task Register_is_idempotent_and_starts_requested_with_an_inactive_row()
    {
        await RegisterAsync("gpu-a");
        await Store.RegisterWorkerAsync(new WorkerRegistration("gpu-a", "other", Now.AddMinutes(5), Guid.NewGuid()), CancellationToken.None);

        var workers = (await ObserveAsync()).Workers;
        var view = Assert.Single(workers);
        Assert.Equal(WorkerState.Requested, view.State);
        Assert.Equal(Now, view.StateSince);
        Assert.Equal("inactive", view.DbStatus);
        Assert.Equal("spawning", await ReadMetadataAsync("gpu-a", "orchestrator_status"));
    }

    [Fact]
    public async Task Apply_with_a_stale_from_state_returns_false_and_changes_nothing()
    {
        await RegisterAsync("gpu-a");

        Assert.False(await ApplyAsync("gpu-a", WorkerState.Spawning, WorkerState.Active, c => c with { Reason = "nope", PodId = "pod-x" }));

        var view = await ViewAsync("gpu-a");
        Assert.Equal(WorkerState.Requested, view!.State);
        Assert.Null(view.PodId);
        Assert.Null(view.Reason);
    }

    [Fact]
    public async Task Apply_to_an_unknown_worker_returns_false() =>
        Assert.False(await ApplyAsync("gpu-missing", WorkerState.Requested, WorkerState.Spawning));

    [Fact]
    public async Task Apply_moves_the_state_stamps_state_since_and_mirrors_orchestrator_status()
    {
        await RegisterAsync("gpu-a");
        var later = Now.AddSeconds(30);

        Assert.True(await ApplyAsync("gpu-a", WorkerState.Requested, WorkerState.Spawning,
            c => c with { PodId = "pod-1", GpuType = "RTX 4090", CostPerHour = 0.69m, Reason = ReasonCodes.PodCreated }, later));

        var view = await ViewAsync("gpu-a");
        Assert.Equal(WorkerState.Spawning, view!.State);
        Assert.Equal(later, view.StateSince);
        Assert.Equal("pod-1", view.PodId);
        Assert.Equal("RTX 4090", view.GpuType);
        Assert.Equal(0.69m, view.CostPerHour);
        Assert.Equal(ReasonCodes.PodCreated, view.Reason);
        Assert.Equal("inactive", view.DbStatus);
        Assert.Equal("spawning", await ReadMetadataAsync("gpu-a", "orchestrator_status"));
    }

    [Fact]
    public async Task Apply_with_the_same_state_updates_counters_and_keeps_state_since()
    {
        await RegisterAsync("gpu-a");
        await ApplyAsync("gpu-a", WorkerState.Requested, WorkerState.Spawning);

        Assert.True(await ApplyAsync("gpu-a", WorkerState.Spawning, WorkerState.Spawning,
            c => c with { BootstrapAttempts = 2, HealthFailures = 1, LaunchedAt = Now.AddMinutes(1) }, Now.AddMinutes(2)));

        var view = await ViewAsync("gpu-a");
        Assert.Equal(Now, view!.StateSince);
        Assert.Equal(2, view.BootstrapAttempts);
        Assert.Equal(1, view.HealthFailures);
        Assert.Equal(Now.AddMinutes(1), view.LaunchedAt);
    }

    [Fact]
    public async Task Apply_to_error_writes_the_workers_status_column()
    {
        await RegisterAsync("gpu-a");

        Assert.True(await ApplyAsync("gpu-a", WorkerState.Requested, WorkerState.Error, c => c with { Reason = ReasonCodes.BootTimeout }));

        var view = await ViewAsync("gpu-a");
        Assert.Equal(WorkerState.Error, view!.State);
        Assert.Equal("error", view.DbStatus);
        Assert.Equal(ReasonCodes.BootTimeout, view.Reason);
    }

    [Fact]
    public async Task Terminated_is_final_and_observed_only_when_a_pod_names_it()
    {
        await RegisterAsync("gpu-a");
        Assert.True(await ApplyAsync("gpu-a", WorkerState.Requested, WorkerState.Terminated));

        Assert.False(await ApplyAsync("gpu-a", WorkerState.Terminated, WorkerState.Active));
        Assert.False(await ApplyAsync("gpu-a", WorkerState.Terminated, WorkerState.Terminated, c => c with { HealthFailures = 5 }));

        Assert.Null(await ViewAsync("gpu-a"));
        var named = await ViewAsync("gpu-a", "gpu-a");
        Assert.Equal(WorkerState.Terminated, named!.State);
        Assert.Equal("terminated", named.DbStatus);
        Assert.Equal(0, named.HealthFailures);
    }

    [Fact]
    public async Task Apply_merges_metadata_and_keeps_other_keys()
    {
        await RegisterAsync("gpu-a");

        await ApplyAsync("gpu-a", WorkerState.Requested, WorkerState.Requested, c => c with { MetadataJson = """{"gpu_name":"RTX 4090"}""" });
        await ApplyAsync("gpu-a", WorkerState.Requested, WorkerState.Requested, c => c with { MetadataJson = """{"cuda":"12.4"}""" });

        Assert.Equal("RTX 4090", await ReadMetadataAsync("gpu-a", "gpu_name"));
        Assert.Equal("12.4", await ReadMetadataAsync("gpu-a", "cuda"));
        Assert.Equal("spawning", await ReadMetadataAsync("gpu-a", "orchestrator_status"));
    }

    [Fact]
    public async Task Heartbeat_overwrites_workers_status_but_never_the_orchestrator_state()
    {
        await RegisterAsync("gpu-a");
        await ApplyAsync("gpu-a", WorkerState.Requested, WorkerState.Error, c => c with { Reason = ReasonCodes.HeartbeatStale });

        await HeartbeatAsync("gpu-a", "active");

        var view = await ViewAsync("gpu-a");
        Assert.Equal(WorkerState.Error, view!.State);
        Assert.Equal("active", view.DbStatus);
        Assert.NotNull(view.LastHeartbeat);
        Assert.Equal(ReasonCodes.HeartbeatStale, view.Reason);
    }
}
