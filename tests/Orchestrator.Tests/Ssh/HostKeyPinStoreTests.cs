using Orchestrator.Bootstrap;
using Orchestrator.Core.Domain;
using Orchestrator.Core.Ports;
using Orchestrator.Tests.Rest;
using Orchestrator.Tests.Store;
using Xunit;

namespace Orchestrator.Tests.Ssh;

/// <summary>
/// Host-key pins on the worker row in a throwaway PostgreSQL (migration 014), through the PostgreSQL store and the
/// REST store (PostgREST stand-in): first writer wins, concurrent pins agree, and a second replica refuses a changed key.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class HostKeyPinStoreTests(PostgresFixture postgres)
{
    private static readonly DateTimeOffset At = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static async Task AddWorkerAsync(IFleetStore store, string workerId, string podId)
    {
        await store.RegisterWorkerAsync(new WorkerRegistration(workerId, "test", At, Guid.NewGuid()), CancellationToken.None);
        Assert.True(await store.ApplyAsync(new WorkerChange { WorkerId = workerId, From = WorkerState.Requested, To = WorkerState.Spawning, At = At, PodId = podId }, CancellationToken.None));
    }

    private static async Task AssertFirstWriterWinsAsync(IFleetStore store, IHostKeyPins pins)
    {
        await AddWorkerAsync(store, "gpu-pin-1", "pod-pin-1");

        Assert.Null(await pins.PinHostKeyAsync("pod-pin-1", null, At, CancellationToken.None));
        Assert.Equal("keyA", await pins.PinHostKeyAsync("pod-pin-1", "keyA", At, CancellationToken.None));
        Assert.Equal("keyA", await pins.PinHostKeyAsync("pod-pin-1", "keyB", At, CancellationToken.None));
        Assert.Equal("keyA", await pins.PinHostKeyAsync("pod-pin-1", null, At, CancellationToken.None));
        Assert.Null(await pins.PinHostKeyAsync("pod-unknown", "keyC", At, CancellationToken.None));
    }

    [Fact]
    public async Task Postgres_store_pins_first_writer_wins_and_unknown_pods_get_none()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        var store = db.CreateStore();

        await AssertFirstWriterWinsAsync(store, store);

        Assert.Equal("keyA", await db.ScalarAsync<string>("SELECT ssh_host_key_sha256 FROM orchestrator_workers WHERE worker_id = 'gpu-pin-1'"));
    }

    [Fact]
    public async Task Rest_store_pins_through_the_rpc_first_writer_wins()
    {
        await using var bed = await RestTestBed.StartAsync(postgres);
        var store = bed.Store();

        await AssertFirstWriterWinsAsync(store, store);
    }

    [Fact]
    public async Task Two_replicas_pinning_at_once_agree_on_one_key()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await AddWorkerAsync(db.CreateStore(), "gpu-race", "pod-race");
        var replicas = Enumerable.Range(0, 8).Select(_ => db.CreateStore()).ToList();

        var answers = await Task.WhenAll(replicas.Select((r, i) => r.PinHostKeyAsync("pod-race", $"key{i}", At, CancellationToken.None)));

        Assert.Single(answers.Distinct());
        Assert.NotNull(answers[0]);
    }

    [Fact]
    public async Task Second_replica_on_the_same_database_refuses_a_pod_whose_host_key_changed()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await using var pod = await FakePod.StartAsync();
        using var logs = new CapturedLogs();
        await AddWorkerAsync(db.CreateStore(), WorkerLaunchTestsWorker, "podreplica");
        var target = new BootstrapTarget(WorkerLaunchTestsWorker, "podreplica", new SshEndpoint("127.0.0.1", pod.Port));
        using (var replicaA = pod.Shell(logs.Factory(), pins: db.CreateStore()))
        {
            var (_, failure) = await pod.Bootstrapper(replicaA, SshTestSecrets.Create(), logs.Factory()).VerifyAsync(pod.Target("podreplica"), CancellationToken.None);
            Assert.Null(failure);
        }
        Assert.Equal(pod.HostKeyFingerprint, await db.ScalarAsync<string>("SELECT ssh_host_key_sha256 FROM orchestrator_workers WHERE pod_id = 'podreplica'"));
        await pod.RestartWithNewHostKeyAsync();
        using var replicaB = pod.Shell(logs.Factory(), pins: db.CreateStore());

        var outcome = await pod.Bootstrapper(replicaB, SshTestSecrets.Create(), logs.Factory()).BootstrapAsync(target, CancellationToken.None);

        Assert.Equal(BootstrapReasons.HostKeyMismatch, outcome.Reason);
        Assert.Empty(pod.LiveWorkerPids());
    }

    private const string WorkerLaunchTestsWorker = "gpu-20250101_000000-eeeeeeee";
}
