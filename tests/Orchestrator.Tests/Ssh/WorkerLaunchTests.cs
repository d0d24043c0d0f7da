using System.Text.Json;
using Orchestrator.Bootstrap;
using Orchestrator.Core.Domain;
using Orchestrator.Core.Ports;
using Orchestrator.Ssh;
using Xunit;

namespace Orchestrator.Tests.Ssh;

/// <summary>Launching worker.py over a real sshd: idempotency, a worker that dies, a hanging git pull.</summary>
public sealed class WorkerLaunchTests
{
    private const string WorkerId = "gpu-20250101_000000-bbbbbbbb";

    private static BootstrapTarget Target(FakePod pod) => new(WorkerId, "podlaunch", new SshEndpoint("127.0.0.1", pod.Port));

    [Fact]
    public async Task Launch_starts_worker_py_from_the_venv_with_the_expected_arguments()
    {
        await using var pod = await FakePod.StartAsync();
        using var logs = new CapturedLogs();
        var secrets = SshTestSecrets.Create();

        var outcome = await pod.Bootstrapper(secrets, logs.Factory()).BootstrapAsync(Target(pod), CancellationToken.None);

        Assert.True(outcome.Succeeded, $"{outcome.Reason}: {outcome.Detail}");
        var record = await WaitForRecordAsync(pod);
        var argv = record.GetProperty("argv").EnumerateArray().Select(a => a.GetString()!).ToList();
        Assert.Equal(["worker.py", "--supabase-url", "http://127.0.0.1:9", "--reigh-access-token", secrets.ServiceRoleKey.Reveal(),
            "--worker", WorkerId, "--supabase-anon-key", secrets.AnonKey!.Reveal(), "--debug"], argv);
        Assert.Equal(pod.Checkout, record.GetProperty("cwd").GetString());
        using var metadata = JsonDocument.Parse(outcome.MetadataJson!);
        Assert.Equal("NVIDIA GeForce RTX 4090", metadata.RootElement.GetProperty("gpu_name").GetString());
        Assert.Equal(24564, metadata.RootElement.GetProperty("gpu_memory_total_mb").GetInt32());
        Assert.Equal(1, metadata.RootElement.GetProperty("gpu_memory_used_mb").GetInt32());
        Assert.Equal("550.54.15", metadata.RootElement.GetProperty("gpu_driver_version").GetString());
        Assert.Equal("launched", metadata.RootElement.GetProperty("launch_status").GetString());
    }

    [Fact]
    public async Task Launching_twice_on_the_same_pod_keeps_one_worker()
    {
        await using var pod = await FakePod.StartAsync();
        using var logs = new CapturedLogs();
        var bootstrapper = pod.Bootstrapper(SshTestSecrets.Create(), logs.Factory());

        var first = await bootstrapper.BootstrapAsync(Target(pod), CancellationToken.None);
        var again = await Task.WhenAll(bootstrapper.BootstrapAsync(Target(pod), CancellationToken.None), bootstrapper.BootstrapAsync(Target(pod), CancellationToken.None));

        Assert.True(first.Succeeded, first.Detail);
        Assert.All(again, o => Assert.True(o.Succeeded, o.Detail));
        Assert.All(again, o => Assert.Contains("\"launch_status\":\"already-running\"", o.MetadataJson!, StringComparison.Ordinal));
        Assert.Single(pod.LiveWorkerPids());
        await WaitForRecordAsync(pod);
        Assert.Single(Directory.GetFiles(pod.Checkout, "record-*.json"));
    }

    [Fact]
    public async Task Worker_that_dies_at_start_fails_as_launch_died_with_its_log_tail()
    {
        await using var pod = await FakePod.StartAsync(new FakePodSetup { WorkerDies = true });
        using var logs = new CapturedLogs();
        var secrets = SshTestSecrets.Create();

        var outcome = await pod.Bootstrapper(secrets, logs.Factory()).BootstrapAsync(Target(pod), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Equal(BootstrapReasons.LaunchDied, outcome.Reason);
        Assert.False(outcome.Retryable);
        Assert.Contains("boom: CUDA error", outcome.Detail, StringComparison.Ordinal);
        Assert.Contains("launch_log_tail", outcome.MetadataJson!, StringComparison.Ordinal);
        Assert.DoesNotContain(secrets.ServiceRoleKey.Reveal(), outcome.Detail + outcome.MetadataJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hanging_git_pull_is_cut_off_and_the_launch_goes_on()
    {
        await using var pod = await FakePod.StartAsync(new FakePodSetup { HangingGit = true });
        using var logs = new CapturedLogs();

        var outcome = await pod.Bootstrapper(SshTestSecrets.Create(), logs.Factory()).BootstrapAsync(Target(pod), CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Detail);
        Assert.Contains("git pull failed or timed out", File.ReadAllText(LaunchScript.LogPath(pod.Checkout, WorkerId)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Operator_template_runs_instead_of_the_default()
    {
        await using var pod = await FakePod.StartAsync();
        using var logs = new CapturedLogs();
        var options = pod.Options(o => o with { LaunchCommand = "worker.py --worker ${WORKER_ID} --reigh-access-token ${SUPABASE_SERVICE_ROLE_KEY} --queue-workers 2", Debug = false });

        var outcome = await pod.Bootstrapper(SshTestSecrets.Create(), logs.Factory(), options).BootstrapAsync(Target(pod), CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Detail);
        var argv = (await WaitForRecordAsync(pod)).GetProperty("argv").EnumerateArray().Select(a => a.GetString()).ToList();
        Assert.Equal(["worker.py", "--worker", WorkerId, "--reigh-access-token"], argv.Take(4));
        Assert.Equal(["--queue-workers", "2"], argv.Skip(5));
    }

    [Fact]
    public async Task Logs_command_tails_the_worker_log_without_secrets()
    {
        await using var pod = await FakePod.StartAsync();
        using var logs = new CapturedLogs();
        var bootstrapper = pod.Bootstrapper(SshTestSecrets.Create(), logs.Factory());
        await bootstrapper.BootstrapAsync(Target(pod), CancellationToken.None);
        await WaitForRecordAsync(pod);

        var tail = await bootstrapper.TailLogAsync(pod.Target("podlaunch"), WorkerId, 10, CancellationToken.None);

        Assert.True(tail.Succeeded, tail.StandardError);
        Assert.Contains("fake worker started", tail.StandardOutput, StringComparison.Ordinal);
    }

    internal static async Task<JsonElement> WaitForRecordAsync(FakePod pod)
    {
        for (var i = 0; i < 200; i++)
        {
            var file = Directory.GetFiles(pod.Checkout, "record-*.json").FirstOrDefault();
            if (file is not null && new FileInfo(file).Length > 0)
            {
                try
                {
                    using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(file));
                    return doc.RootElement.Clone();
                }
                catch (JsonException)
                {
                    // Still being written.
                }
            }
            await Task.Delay(50);
        }
        throw new InvalidOperationException("the fake worker never wrote its record");
    }
}
