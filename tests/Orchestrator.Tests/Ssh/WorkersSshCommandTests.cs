using Orchestrator.Cli;
using Orchestrator.Core.Domain;
using Orchestrator.Core.Ports;
using Orchestrator.Tests.RunPod;
using Orchestrator.Tests.Service;
using Orchestrator.Tests.Store;
using Xunit;

namespace Orchestrator.Tests.Ssh;

/// <summary>
/// <c>workers ssh-check</c> as an operator runs it: the pod found through the RunPod fake by its worker id, the loopback
/// sshd verified over one connection, and whether the worker's process runs said after the checks.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class WorkersSshCommandTests(PostgresFixture postgres)
{
    private const string WorkerId = "gpu-20250101_000000-5c5c5c5c";

    [Fact]
    public Task Ssh_check_prints_each_check_and_that_no_worker_process_runs_yet() => SshCheckAsync(Orchestrator.Tests.Service.Cli.RunAsync);

    /// <summary>The same through the built binary: with ORCHESTRATOR_TEST_BINARY naming the image's native executable
    /// (.ci/run), SSH.NET's key exchange, host-key pinning and commands run as shipped.</summary>
    [Fact]
    [Trait("Binary", "process")]
    public Task Ssh_check_through_the_built_binary() => SshCheckAsync(Orchestrator.Tests.Service.Cli.RunBinaryAsync);

    private async Task SshCheckAsync(Func<IDictionary<string, string?>, string[], Task<(int Exit, string Out, string Error)>> run)
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await using var sshd = await FakePod.StartAsync();
        await using var backend = await FakeBackend.StartAsync();
        backend.RunPod.State.SshPort = sshd.Port;
        var pod = backend.RunPod.State.AddPod(WorkerId);
        var store = db.CreateStore();
        await store.RegisterWorkerAsync(new WorkerRegistration(WorkerId, "test", DateTimeOffset.UtcNow, Guid.NewGuid()), CancellationToken.None);
        Assert.True(await store.ApplyAsync(new WorkerChange { WorkerId = WorkerId, From = WorkerState.Requested, To = WorkerState.Spawning, At = DateTimeOffset.UtcNow, PodId = pod.Id }, CancellationToken.None));
        var options = sshd.Options();
        var settings = Orchestrator.Tests.Service.Cli.Settings(db.ConnectionString, backend);
        settings["SSH_USER"] = options.User;
        settings["RUNPOD_VOLUME_MOUNT_PATH"] = options.VolumeMountPath;
        settings["HEADLESS_WAN2GP_DIR"] = options.CheckoutDir;

        var (exit, output, error) = await run(settings, ["workers", "ssh-check", WorkerId]);

        Assert.True(exit == ExitCodes.Ok, output + error);
        Assert.Contains($"pod {pod.Id} at 127.0.0.1:{sshd.Port}", output, StringComparison.Ordinal);
        Assert.Contains("  ok   ", output, StringComparison.Ordinal);
        Assert.Contains("  info worker process: not running", output, StringComparison.Ordinal);
        Assert.Equal(1, sshd.AcceptedConnections);
    }
}
