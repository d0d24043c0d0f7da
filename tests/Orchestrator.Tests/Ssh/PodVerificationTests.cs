using Orchestrator.Bootstrap;
using Orchestrator.Core.Domain;
using Orchestrator.Core.Ports;
using Xunit;
using Orchestrator.TestSupport;

namespace Orchestrator.Tests.Ssh;

/// <summary>The verification against a real sshd on 127.0.0.1: each outcome with its reason code.</summary>
public sealed class PodVerificationTests
{
    private static BootstrapTarget Target(FakePod pod, string podId = "podtest1") =>
        new("gpu-20250101_000000-aaaaaaaa", podId, new SshEndpoint("127.0.0.1", pod.Port));

    [Fact]
    public async Task Healthy_pod_passes_every_check_and_reports_its_gpu()
    {
        await using var pod = await FakePod.StartAsync();
        using var logs = new CapturedLogs();
        var bootstrapper = pod.Bootstrapper(SshTestSecrets.Create(), logs.Factory());

        var (report, failure) = await bootstrapper.VerifyAsync(pod.Target(), CancellationToken.None);

        Assert.Null(failure);
        Assert.True(report!.Passed, string.Join("; ", report.Checks));
        Assert.Equal(["volume", "checkout", "gpu", "python"], report.Checks.Select(c => c.Name));
        var gpu = Assert.Single(report.Gpus);
        Assert.Equal(new GpuInfo("NVIDIA GeForce RTX 4090", 24564, 1, "550.54.15"), gpu);
        Assert.StartsWith("Python 3", report.PythonVersion, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("volume-missing")]
    [InlineData("checkout-missing")]
    [InlineData("nvidia-smi-failed")]
    [InlineData("nvidia-smi-absent")]
    [InlineData("no-gpu")]
    [InlineData("python-missing")]
    public async Task Missing_piece_fails_with_its_reason_and_is_not_retried(string scenario)
    {
        var setup = scenario switch
        {
            "volume-missing" => new FakePodSetup { Volume = false },
            "checkout-missing" => new FakePodSetup { Checkout = false },
            "nvidia-smi-failed" => new FakePodSetup { Gpu = GpuMode.Fails },
            "nvidia-smi-absent" => new FakePodSetup { Gpu = GpuMode.Missing },
            "no-gpu" => new FakePodSetup { Gpu = GpuMode.NoDevice },
            _ => new FakePodSetup { PythonWorks = false },
        };
        await using var pod = await FakePod.StartAsync(setup);
        using var logs = new CapturedLogs();

        var outcome = await pod.Bootstrapper(SshTestSecrets.Create(), logs.Factory()).BootstrapAsync(Target(pod), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Equal(scenario == "nvidia-smi-absent" ? "nvidia-smi-failed" : scenario, outcome.Reason);
        Assert.False(outcome.Retryable);
        Assert.False(string.IsNullOrWhiteSpace(outcome.Detail));
        Assert.Contains("bootstrap_error", outcome.MetadataJson!, StringComparison.Ordinal);
        Assert.Empty(pod.LiveWorkerPids());
    }

    [Fact]
    public async Task Read_only_volume_fails_as_volume_readonly()
    {
        await using var pod = await FakePod.StartAsync();
        var volume = pod.Volume;
        if (!TestProcess.TryRun("chattr", "+i", volume))
        {
            volume = "/proc/1";
        }
        using var logs = new CapturedLogs();
        var options = pod.Options(o => o with { VolumeMountPath = volume });

        var (report, failure) = await pod.Bootstrapper(SshTestSecrets.Create(), logs.Factory(), options).VerifyAsync(pod.Target(), CancellationToken.None);

        Assert.Null(failure);
        Assert.Equal("volume-readonly", report!.FirstFailure?.Reason);
    }

    [Fact]
    public async Task Changed_host_key_for_the_same_pod_is_refused_after_first_use_pinned_it()
    {
        await using var pod = await FakePod.StartAsync();
        using var logs = new CapturedLogs();
        var bootstrapper = pod.Bootstrapper(SshTestSecrets.Create(), logs.Factory());
        var (_, first) = await bootstrapper.VerifyAsync(pod.Target("podpinned"), CancellationToken.None);
        Assert.Null(first);
        Assert.Equal(pod.HostKeyFingerprint, pod.Store.Workers.Single(w => w.PodId == "podpinned").HostKeySha256);

        await pod.RestartWithNewHostKeyAsync();
        var outcome = await bootstrapper.BootstrapAsync(Target(pod, "podpinned"), CancellationToken.None);
        var (_, other) = await bootstrapper.VerifyAsync(pod.Target("podother"), CancellationToken.None);

        Assert.Equal(BootstrapReasons.HostKeyMismatch, outcome.Reason);
        Assert.Contains(pod.HostKeyFingerprint, outcome.Detail, StringComparison.Ordinal);
        Assert.False(outcome.Retryable);
        Assert.Empty(pod.LiveWorkerPids());
        Assert.Null(other);
    }

    [Fact]
    public async Task Closed_port_is_unreachable_and_retryable()
    {
        await using var pod = await FakePod.StartAsync();
        using var logs = new CapturedLogs();
        var closed = new BootstrapTarget("gpu-x", "podclosed", new SshEndpoint("127.0.0.1", LoopbackPort.Free()));

        var outcome = await pod.Bootstrapper(SshTestSecrets.Create(), logs.Factory()).BootstrapAsync(closed, CancellationToken.None);

        Assert.Equal(BootstrapReasons.SshUnreachable, outcome.Reason);
        Assert.True(outcome.Retryable);
    }

    [Fact]
    public async Task Server_that_never_answers_times_out_as_ssh_timeout()
    {
        await using var pod = await FakePod.StartAsync();
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var port = ((System.Net.IPEndPoint)silent.LocalEndpoint).Port;
        // Keep the accepted connection referenced: if the GC finalised it, ssh would see a reset, not silence.
        var accepted = silent.AcceptTcpClientAsync();
        using var logs = new CapturedLogs();
        var options = pod.Options(o => o with { ConnectTimeout = TimeSpan.FromSeconds(1) });

        var outcome = await pod.Bootstrapper(SshTestSecrets.Create(), logs.Factory(), options)
            .BootstrapAsync(new BootstrapTarget("gpu-x", "podsilent", new SshEndpoint("127.0.0.1", port)), CancellationToken.None);
        using var client = await accepted;

        Assert.Equal(BootstrapReasons.SshTimeout, outcome.Reason);
        Assert.True(outcome.Retryable);
    }

    [Fact]
    public async Task Hanging_command_is_killed_at_its_timeout()
    {
        await using var pod = await FakePod.StartAsync(new FakePodSetup { Gpu = GpuMode.Hangs });
        using var logs = new CapturedLogs();
        var options = pod.Options(o => o with { CommandTimeout = TimeSpan.FromSeconds(2) });

        var outcome = await pod.Bootstrapper(SshTestSecrets.Create(), logs.Factory(), options).BootstrapAsync(Target(pod), CancellationToken.None);

        Assert.Equal(BootstrapReasons.SshTimeout, outcome.Reason);
        Assert.True(outcome.Retryable);
    }
}
