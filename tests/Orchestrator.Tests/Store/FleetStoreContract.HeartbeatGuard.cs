using Orchestrator.Core.Domain;
using Xunit;

namespace Orchestrator.Tests.Store;

/// <summary>
/// <see cref="Core.Ports.WorkerChange.OnlyIfNoHeartbeatSince"/>: a change guarded by it applies only while
/// <c>workers.last_heartbeat</c> is null or older than the given instant (issue #4: a bootstrap failure
/// that races the worker's first heartbeat must not fail a heartbeating worker).
/// </summary>
public abstract partial class FleetStoreContract
{
    [Fact]
    public async Task Guarded_change_applies_to_a_worker_that_never_heartbeated()
    {
        await RegisterAsync("gpu-a");
        await ApplyAsync("gpu-a", WorkerState.Requested, WorkerState.Spawning);

        Assert.True(await ApplyAsync("gpu-a", WorkerState.Spawning, WorkerState.Error,
            c => c with { Reason = "bootstrap-failed:ssh", OnlyIfNoHeartbeatSince = Now.AddDays(-1) }));

        Assert.Equal(WorkerState.Error, (await ViewAsync("gpu-a"))!.State);
    }

    [Fact]
    public async Task Guarded_change_is_refused_once_the_worker_heartbeated_at_or_after_the_instant()
    {
        await RegisterAsync("gpu-a");
        await ApplyAsync("gpu-a", WorkerState.Requested, WorkerState.Spawning);
        await HeartbeatAsync("gpu-a", "active");
        var beat = (await ViewAsync("gpu-a"))!.LastHeartbeat!.Value;

        Assert.False(await ApplyAsync("gpu-a", WorkerState.Spawning, WorkerState.Error,
            c => c with { Reason = "bootstrap-failed:ssh", BootstrapAttempts = 1, OnlyIfNoHeartbeatSince = beat }));

        var view = await ViewAsync("gpu-a");
        Assert.Equal(WorkerState.Spawning, view!.State);
        Assert.Equal(0, view.BootstrapAttempts);
        Assert.Null(view.Reason);
        Assert.Equal("active", view.DbStatus);
    }

    [Fact]
    public async Task Guarded_change_applies_when_the_last_heartbeat_is_older_than_the_instant()
    {
        await RegisterAsync("gpu-a");
        await ApplyAsync("gpu-a", WorkerState.Requested, WorkerState.Spawning);
        await HeartbeatAsync("gpu-a", "active");
        var beat = (await ViewAsync("gpu-a"))!.LastHeartbeat!.Value;

        Assert.True(await ApplyAsync("gpu-a", WorkerState.Spawning, WorkerState.Error,
            c => c with { Reason = "bootstrap-failed:ssh", OnlyIfNoHeartbeatSince = beat.AddSeconds(1) }));

        Assert.Equal(WorkerState.Error, (await ViewAsync("gpu-a"))!.State);
    }
}
