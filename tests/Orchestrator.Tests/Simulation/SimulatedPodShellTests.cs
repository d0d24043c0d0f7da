using System.Text.Json.Nodes;
using Orchestrator.Bootstrap;
using Orchestrator.Core.Ports;
using Orchestrator.Simulation;
using Xunit;

namespace Orchestrator.Tests.Simulation;

/// <summary>The simulated pod answers the real bootstrapper's scripts as a pod would, for success and each failure.</summary>
public sealed class SimulatedPodShellTests
{
    [Fact]
    public async Task Healthy_pod_verifies_and_launches_a_worker_that_loads_its_models_first()
    {
        var world = new PodWorld(PodWorld.Healthy);
        var pod = await world.BootAsync("gpu-healthy");

        var outcome = await world.BootstrapAsync(pod);

        Assert.True(outcome.Succeeded, outcome.Detail);
        var metadata = JsonNode.Parse(outcome.MetadataJson!)!;
        Assert.Equal("NVIDIA RTX A6000", (string?)metadata["gpu_name"]);
        Assert.Equal(49140, (int?)metadata["gpu_memory_total_mb"]);
        Assert.Equal(SimulatedPodOutput.DriverVersion, (string?)metadata["gpu_driver_version"]);
        Assert.Equal(SimulatedPodOutput.PythonVersion, (string?)metadata["python_version"]);
        Assert.Equal("launched", (string?)metadata["launch_status"]);
        Assert.Equal("orchestrator-ssh", (string?)metadata["launched_by"]);
        var worker = world.Workers.Running("gpu-healthy");
        Assert.NotNull(worker);
        Assert.Equal(worker.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)metadata["worker_pid"]);
        Assert.InRange(worker.StartAt - world.Time.GetUtcNow(), world.Profile.StartMin, world.Profile.StartMax);
    }

    [Fact]
    public async Task A_second_bootstrap_finds_the_worker_already_running_and_starts_no_other()
    {
        var world = new PodWorld(PodWorld.Healthy);
        var pod = await world.BootAsync("gpu-twice");
        await world.BootstrapAsync(pod);
        var first = world.Workers.Running("gpu-twice")!;

        var again = await world.BootstrapAsync(pod);

        Assert.True(again.Succeeded);
        var metadata = JsonNode.Parse(again.MetadataJson!)!;
        Assert.Equal("already-running", (string?)metadata["launch_status"]);
        Assert.Equal(first.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)metadata["worker_pid"]);
        Assert.Same(first, world.Workers.Running("gpu-twice"));
    }

    [Theory]
    [InlineData(SimulatedPodFault.NvidiaSmiFailed, BootstrapReasons.NvidiaSmiFailed)]
    [InlineData(SimulatedPodFault.NoGpu, BootstrapReasons.NoGpu)]
    [InlineData(SimulatedPodFault.VolumeMissing, BootstrapReasons.VolumeMissing)]
    [InlineData(SimulatedPodFault.VolumeReadOnly, BootstrapReasons.VolumeReadOnly)]
    [InlineData(SimulatedPodFault.CheckoutMissing, BootstrapReasons.CheckoutMissing)]
    [InlineData(SimulatedPodFault.PythonMissing, BootstrapReasons.PythonMissing)]
    [InlineData(SimulatedPodFault.LaunchDied, BootstrapReasons.LaunchDied)]
    public async Task A_broken_pod_fails_for_good_with_the_real_reason_code(SimulatedPodFault fault, string reason)
    {
        var world = new PodWorld(PodWorld.Healthy with { BootstrapBroken = 1, BootstrapRetryable = 1, BrokenPodFaults = [fault] });
        var pod = await world.BootAsync("gpu-broken");

        var outcome = await world.BootstrapAsync(pod);

        Assert.False(outcome.Succeeded);
        Assert.False(outcome.Retryable);
        Assert.Equal(reason, outcome.Reason);
        var metadata = JsonNode.Parse(outcome.MetadataJson!)!;
        Assert.Equal(reason, (string?)metadata["bootstrap_error"]!["reason"]);
        Assert.Null(world.Workers.Running("gpu-broken"));
        if (fault == SimulatedPodFault.LaunchDied)
        {
            Assert.Contains("CUDA out of memory", (string?)metadata["launch_log_tail"], StringComparison.Ordinal);
            Assert.Equal("NVIDIA RTX A6000", (string?)metadata["gpu_name"]);
        }
    }

    [Fact]
    public async Task An_attempt_that_finds_ssh_not_up_is_refused_and_retryable()
    {
        var world = new PodWorld(PodWorld.Healthy with { BootstrapRetryable = 1 });
        var pod = await world.BootAsync("gpu-not-up");

        var outcome = await world.BootstrapAsync(pod);

        Assert.Equal(BootstrapReasons.SshUnreachable, outcome.Reason);
        Assert.True(outcome.Retryable);
        Assert.Contains("Connection refused", outcome.Detail, StringComparison.Ordinal);
        Assert.Null(world.Workers.Running("gpu-not-up"));
    }

    [Fact]
    public async Task A_pod_that_never_became_reachable_times_out()
    {
        var world = new PodWorld(PodWorld.Healthy with { NeverReachable = 1 });
        var pod = await world.BootAsync("gpu-silent");

        var result = await world.Shell.RunAsync(PodWorld.Target(pod), "true", null, TimeSpan.FromSeconds(60), CancellationToken.None);
        var outcome = await world.BootstrapAsync(pod);

        Assert.Equal(ShellStatus.TimedOut, result.Status);
        Assert.Equal(BootstrapReasons.SshTimeout, outcome.Reason);
        Assert.True(outcome.Retryable);
    }

    [Fact]
    public async Task A_pod_still_booting_or_gone_refuses_the_connection()
    {
        var world = new PodWorld(PodWorld.Healthy);
        var created = await world.Cloud.CreatePodAsync(new PodRequest("gpu-early"), CancellationToken.None);
        var pod = world.Cloud.PodById(((PodCreateOutcome.Created)created).Pod.Id)!;

        var booting = await world.Shell.RunAsync(PodWorld.Target(pod), "true", null, TimeSpan.FromSeconds(60), CancellationToken.None);
        world.Time.Advance(PodWorld.Boot);
        await world.Cloud.TerminatePodAsync(pod.Id, CancellationToken.None);
        var gone = await world.BootstrapAsync(pod);

        Assert.Equal(ShellStatus.ConnectFailed, booting.Status);
        Assert.Equal(BootstrapReasons.SshUnreachable, gone.Reason);
        Assert.True(gone.Retryable);
    }

    [Fact]
    public async Task A_launch_without_the_environment_dies_as_the_shim_would()
    {
        var world = new PodWorld(PodWorld.Healthy);
        var pod = await world.BootAsync("gpu-noenv");
        var settings = new LaunchSettings("/workspace/Headless-Wan2GP", "main", TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(3), 50);
        var script = LaunchScript.Build(settings, "gpu-noenv", LaunchTemplate.Create(null, withAnonKey: false, debug: true));

        var result = await world.Shell.RunAsync(PodWorld.Target(pod), script, "WORKER_ID='gpu-noenv'\n", TimeSpan.FromSeconds(60), CancellationToken.None);

        Assert.Equal(LaunchScript.DiedExitCode, result.ExitCode);
        Assert.StartsWith("status=died\n--- log tail ---\n", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("environment variable SUPABASE_URL is not set", result.StandardOutput, StringComparison.Ordinal);
        Assert.Null(world.Workers.Running("gpu-noenv"));
    }

    [Fact]
    public async Task The_worker_log_is_there_after_a_launch_and_missing_before()
    {
        var world = new PodWorld(PodWorld.Healthy);
        var pod = await world.BootAsync("gpu-log");
        var options = SimulatedBootstrap.Options;

        var before = await world.Bootstrapper.TailLogAsync(PodWorld.Target(pod), "gpu-log", 20, CancellationToken.None);
        await world.BootstrapAsync(pod);
        var after = await world.Bootstrapper.TailLogAsync(PodWorld.Target(pod), "gpu-log", 20, CancellationToken.None);

        Assert.Equal(3, before.ExitCode);
        Assert.Contains(LaunchScript.LogPath(options.CheckoutDir, "gpu-log"), before.StandardError, StringComparison.Ordinal);
        Assert.Equal(0, after.ExitCode);
        Assert.Contains("worker gpu-log: loading models", after.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_command_it_does_not_know_exits_127()
    {
        var world = new PodWorld(PodWorld.Healthy);
        var pod = await world.BootAsync("gpu-unknown");

        var result = await world.Shell.RunAsync(PodWorld.Target(pod), "uname -a", null, TimeSpan.FromSeconds(60), CancellationToken.None);

        Assert.Equal(ShellStatus.Completed, result.Status);
        Assert.Equal(127, result.ExitCode);
    }

    [Fact]
    public void The_scripts_are_recognised_by_their_own_markers()
    {
        var verification = VerificationScript.Build("/workspace", "/workspace/it's here", "worker.py", TimeSpan.FromSeconds(20));
        var launch = LaunchScript.Build(new LaunchSettings("/w/c", "main", TimeSpan.Zero, TimeSpan.Zero, 5), "gpu-x", LaunchTemplate.Create(null, false, false));

        var v = PodScript.Recognise(verification);
        var l = PodScript.Recognise(launch);

        Assert.Equal(PodScriptKind.Verification, v.Kind);
        Assert.Equal("/workspace/it's here", v.Setting("C"));
        Assert.Equal(PodScriptKind.Launch, l.Kind);
        Assert.Equal("gpu-x", l.Setting("ID"));
        Assert.Equal(PodScriptKind.Unknown, PodScript.Recognise("echo hello").Kind);
    }
}
