using Orchestrator.Core.Domain;
using Orchestrator.Core.Ports;
using Xunit;

namespace Orchestrator.Tests.RunPod;

/// <summary>The adapter's contract, run against the fake in both dialects (see the two subclasses).</summary>
public abstract class RunPodContractTests : IAsyncLifetime
{
    private RunPodHarness _h = null!;

    protected abstract bool Rest { get; }

    private FakeRunPodState Fake => _h.Fake;

    public async Task InitializeAsync() => _h = await RunPodHarness.StartAsync(Rest);

    public async Task DisposeAsync()
    {
        _h.AssertNoSecretsLeaked();
        await _h.DisposeAsync();
    }

    private static string Worker(int n = 1) => $"gpu-20260104_170000-0000000{n}";

    [Fact]
    public async Task Create_sends_image_gpu_volume_env_and_ports_from_configuration()
    {
        var outcome = await _h.NewCloud().CreatePodAsync(new PodRequest(Worker()), default);

        var pod = Assert.IsType<PodCreateOutcome.Created>(outcome).Pod;
        Assert.Equal(Worker(), pod.Name);
        Assert.Equal("NVIDIA GeForce RTX 4090", pod.GpuType);
        Assert.Equal("EU-RO-1", pod.DataCenter);
        Assert.Equal(0.69m, pod.CostPerHour);
        var input = Assert.Single(Fake.LivePods).Input;
        Assert.Equal("ghcr.io/example/worker:1.2.3", FakeInput.Image(input));
        Assert.Equal("vol-peter", FakeInput.VolumeId(input));
        Assert.Equal("/workspace", FakeInput.MountPath(input));
        Assert.Equal(["22/tcp"], FakeInput.Ports(input));
        var env = FakeInput.Env(input);
        Assert.Equal(Worker(), env["WORKER_ID"]);
        Assert.Equal("https://proj.supabase.co", env["SUPABASE_URL"]);
        Assert.Equal(RunPodHarness.ServiceKey, env["SUPABASE_SERVICE_ROLE_KEY"]);
        Assert.Equal(RunPodHarness.AnonKey, env["SUPABASE_ANON_KEY"]);
        Assert.Equal("ssh-ed25519 AAAAC3NzaTEST orchestrator", env["PUBLIC_KEY"]);
        Assert.Equal(RunPodHarness.ExtraSecret, env["HF_TOKEN"]);
        Assert.All(Fake.Requests, r => Assert.Equal($"Bearer {Fake.ApiKey}", r.Authorization));
    }

    [Fact]
    public async Task Create_is_idempotent_by_name()
    {
        var cloud = _h.NewCloud();
        var first = Assert.IsType<PodCreateOutcome.Created>(await cloud.CreatePodAsync(new PodRequest(Worker()), default)).Pod;
        var second = Assert.IsType<PodCreateOutcome.Created>(await _h.NewCloud().CreatePodAsync(new PodRequest(Worker()), default)).Pod;

        Assert.Equal(first.Id, second.Id);
        Assert.Single(Fake.LivePods);
        Assert.Single(Fake.Requests, r => r.Operation == "create");
    }

    [Fact]
    public async Task A_new_name_is_created_without_listing_the_account_first_and_a_repeat_is_still_looked_up()
    {
        var fresh = Assert.IsType<PodCreateOutcome.Created>(await _h.NewCloud().CreatePodAsync(new PodRequest(Worker(), NewName: true), default)).Pod;
        var listsBeforeRepeat = Fake.Requests.Count(r => r.Operation == "list");
        var repeat = Assert.IsType<PodCreateOutcome.Created>(await _h.NewCloud().CreatePodAsync(new PodRequest(Worker()), default)).Pod;

        Assert.Equal(0, listsBeforeRepeat);
        Assert.Equal(fresh.Id, repeat.Id);
        Assert.Single(Fake.Requests, r => r.Operation == "create");
        Assert.Equal(1, Fake.Requests.Count(r => r.Operation == "list"));
    }

    [Fact]
    public async Task Capacity_errors_walk_the_memory_tiers_volumes_and_gpu_list_then_back_off()
    {
        Fake.CapacityGpuTypes.Add("NVIDIA GeForce RTX 4090");
        var cloud = _h.NewCloud();

        var pod = Assert.IsType<PodCreateOutcome.Created>(await cloud.CreatePodAsync(new PodRequest(Worker(1)), default)).Pod;

        Assert.Equal("NVIDIA L40S", pod.GpuType);
        // Memory tiers exist only on GraphQL (minMemoryInGb); REST v2 has no RAM minimum, so one call per placement.
        List<(string, string, int)> expected = Rest
            ? [("NVIDIA GeForce RTX 4090", "EU-RO-1", 0), ("NVIDIA GeForce RTX 4090", "EU-NO-1", 0), ("NVIDIA L40S", "EU-RO-1", 0)]
            : [("NVIDIA GeForce RTX 4090", "EU-RO-1", 72), ("NVIDIA GeForce RTX 4090", "EU-RO-1", 48), ("NVIDIA GeForce RTX 4090", "EU-NO-1", 72),
               ("NVIDIA GeForce RTX 4090", "EU-NO-1", 48), ("NVIDIA L40S", "EU-RO-1", 72)];
        Assert.Equal(expected, Fake.CreateAttempts.Select(a => (a.Gpu, a.Dc!, a.Memory)).ToList());
        Fake.CreateAttempts.Clear();

        Assert.IsType<PodCreateOutcome.Created>(await cloud.CreatePodAsync(new PodRequest(Worker(2)), default));
        Assert.Equal([("NVIDIA L40S", "EU-RO-1", Rest ? 0 : 72)], Fake.CreateAttempts.Select(a => (a.Gpu, a.Dc!, a.Memory)).ToList());

        _h.Clock.Advance(TimeSpan.FromMinutes(3));
        Fake.CapacityGpuTypes.Clear();
        var back = Assert.IsType<PodCreateOutcome.Created>(await cloud.CreatePodAsync(new PodRequest(Worker(3)), default)).Pod;
        Assert.Equal("NVIDIA GeForce RTX 4090", back.GpuType);
    }

    [Fact]
    public async Task Everything_out_of_stock_is_no_capacity_and_no_pod()
    {
        Fake.CapacityGpuTypes.UnionWith(["NVIDIA GeForce RTX 4090", "NVIDIA L40S"]);

        var outcome = await _h.NewCloud().CreatePodAsync(new PodRequest(Worker()), default);

        Assert.Contains("out of stock", Assert.IsType<PodCreateOutcome.NoCapacity>(outcome).Detail, StringComparison.Ordinal);
        Assert.Empty(Fake.LivePods);
        Assert.Equal(Rest ? 4 : 8, Fake.CreateAttempts.Count);
    }

    [Fact]
    public async Task Invalid_input_is_rejected_once_without_retry_or_fallback()
    {
        Fake.RejectCreateMessage = "Invalid input: imageName is not allowed";

        var outcome = await _h.NewCloud().CreatePodAsync(new PodRequest(Worker()), default);

        // REST v2 answers 422 (a contract violation: configuration); GraphQL an invalid-input error.
        Assert.Equal(Rest ? ErrorKind.Configuration : ErrorKind.CloudApi, Assert.IsType<PodCreateOutcome.Rejected>(outcome).Kind);
        Assert.Single(Fake.Requests, r => r.Operation == "create");
    }

    [Fact]
    public async Task Auth_failure_on_create_is_rejected_and_on_read_throws_auth()
    {
        Fake.Fail(new FakeFault(FakeFaultKind.Unauthorized, "create"));
        var outcome = await _h.NewCloud().CreatePodAsync(new PodRequest(Worker()), default);
        Assert.Equal(ErrorKind.Auth, Assert.IsType<PodCreateOutcome.Rejected>(outcome).Kind);

        var wrongKey = _h.NewCloud(o => o.ApiKey = new Configuration.Secret("rp_wrong_key_000000"));
        var ex = await Assert.ThrowsAsync<CloudException>(() => wrongKey.ListPodsAsync(default));
        Assert.Equal(ErrorKind.Auth, ex.Kind);
        Assert.Single(Fake.Requests, r => r.Authorization == "Bearer rp_wrong_key_000000");
    }

    [Theory]
    [InlineData(FakeFaultKind.ServerError)]
    [InlineData(FakeFaultKind.RateLimited)]
    [InlineData(FakeFaultKind.Timeout)]
    [InlineData(FakeFaultKind.MalformedJson)]
    [InlineData(FakeFaultKind.GraphQlInternalError)]
    public async Task Reads_retry_transient_faults(FakeFaultKind kind)
    {
        var cloud = _h.NewCloud();
        await cloud.CreatePodAsync(new PodRequest(Worker()), default);
        Fake.Fail(new FakeFault(kind, "list"));
        Fake.Fail(new FakeFault(kind, "list"));

        var pods = await cloud.ListPodsAsync(default);

        Assert.Single(pods);
    }

    [Fact]
    public async Task Rate_limit_on_a_mutation_is_retried_after_retry_after()
    {
        Fake.Fail(new FakeFault(FakeFaultKind.RateLimited, "create", RetryAfterSeconds: 1));

        var outcome = await _h.NewCloud().CreatePodAsync(new PodRequest(Worker()), default);

        Assert.IsType<PodCreateOutcome.Created>(outcome);
        Assert.Equal(2, Fake.Requests.Count(r => r.Operation == "create"));
    }

    [Fact]
    public async Task A_server_error_on_create_retries_the_same_candidate_after_a_name_look_up()
    {
        Fake.Fail(new FakeFault(FakeFaultKind.ServerError, "create"));

        var pod = Assert.IsType<PodCreateOutcome.Created>(await _h.NewCloud().CreatePodAsync(new PodRequest(Worker()), default)).Pod;

        var creates = Fake.Requests.Select((r, i) => (r, i)).Where(x => x.r.Operation == "create").ToList();
        Assert.Equal(2, creates.Count);
        Assert.Contains(Fake.Requests.Skip(creates[0].i + 1).Take(creates[1].i - creates[0].i - 1), r => r.Operation == "list");
        Assert.Equal(("NVIDIA GeForce RTX 4090", "EU-RO-1"), (pod.GpuType, pod.DataCenter));
        Assert.Single(Fake.LivePods);
    }

    [Fact]
    public async Task Server_errors_past_the_retries_leave_the_outcome_unknown_and_throw()
    {
        for (var i = 0; i < 3; i++)
        {
            Fake.Fail(new FakeFault(FakeFaultKind.ServerError, "create"));
        }

        var ex = await Assert.ThrowsAsync<CloudException>(() => _h.NewCloud().CreatePodAsync(new PodRequest(Worker()), default));

        Assert.Equal(ErrorKind.Transient, ex.Kind);
        Assert.Equal(3, Fake.Requests.Count(r => r.Operation == "create"));
        Assert.Empty(Fake.LivePods);
    }

    [Theory]
    [InlineData(FakeFaultKind.Timeout)]
    [InlineData(FakeFaultKind.MalformedJson)]
    public async Task A_failed_create_is_not_retried_blindly_and_is_found_by_name_later(FakeFaultKind kind)
    {
        Fake.Fail(new FakeFault(kind, "create"));
        var cloud = _h.NewCloud();

        var ex = await Assert.ThrowsAsync<CloudException>(() => cloud.CreatePodAsync(new PodRequest(Worker()), default));
        Assert.Equal(ErrorKind.Transient, ex.Kind);
        Assert.Single(Fake.Requests, r => r.Operation == "create");

        var again = await cloud.CreatePodAsync(new PodRequest(Worker()), default);
        Assert.IsType<PodCreateOutcome.Created>(again);
        Assert.Single(Fake.LivePods);
    }

    /// <summary>Issue 15: at a 50 % fault rate a lost create answer left the worker "requested" for minutes; one look-up by name settles it in the same call.</summary>
    [Fact]
    public async Task A_lost_create_answer_is_resolved_by_name_in_the_same_call()
    {
        Fake.Fail(new FakeFault(FakeFaultKind.LoseAnswer, "create"));

        var created = Assert.IsType<PodCreateOutcome.Created>(await _h.NewCloud().CreatePodAsync(new PodRequest(Worker()), default));

        Assert.Single(Fake.Requests, r => r.Operation == "create");
        Assert.Equal(Assert.Single(Fake.LivePods).Id, created.Pod.Id);
    }

    [Fact]
    public async Task A_lost_create_answer_whose_look_up_fails_too_stays_unknown_and_is_found_by_name_later()
    {
        Fake.Fail(new FakeFault(FakeFaultKind.LoseAnswer, "create"));
        for (var i = 0; i <= _h.Options.ReadRetries; i++)
        {
            Fake.Fail(new FakeFault(FakeFaultKind.ServerError, "list"));
        }
        var cloud = _h.NewCloud();

        var ex = await Assert.ThrowsAsync<CloudException>(() => cloud.CreatePodAsync(new PodRequest(Worker()), default));
        Assert.Equal(ErrorKind.Transient, ex.Kind);

        var again = Assert.IsType<PodCreateOutcome.Created>(await cloud.CreatePodAsync(new PodRequest(Worker()), default));
        Assert.Single(Fake.Requests, r => r.Operation == "create");
        Assert.Equal(Assert.Single(Fake.LivePods).Id, again.Pod.Id);
    }

    [Fact]
    public async Task Pods_boot_from_provisioning_to_running_with_the_public_ssh_port()
    {
        var cloud = _h.NewCloud();
        var created = Assert.IsType<PodCreateOutcome.Created>(await cloud.CreatePodAsync(new PodRequest(Worker()), default)).Pod;
        var booting = await cloud.GetPodAsync(created.Id, default);
        Assert.Equal(PodStatus.Provisioning, booting!.Status);
        Assert.Null(booting.Ssh);

        Fake.Clock.Advance(Fake.BootDelay + TimeSpan.FromSeconds(42));
        var running = await cloud.GetPodAsync(created.Id, default);

        Assert.Equal(PodStatus.Running, running!.Status);
        Assert.Equal(new SshEndpoint("127.0.0.1", Fake.LivePods[0].PublicSshPort), running.Ssh);
        Assert.Equal(0.69m, running.CostPerHour);
        Assert.Equal(42, running.UptimeSeconds);
    }

    [Fact]
    public async Task Runtime_null_and_exited_pods_read_without_ssh()
    {
        var cloud = _h.NewCloud();
        var exited = Fake.AddPod("gpu-20260104_160000-deadbeef", "EXITED");
        Fake.AddPod("gpu-20260104_160000-cafef00d");
        Fake.RuntimeNull = true;

        var pods = await cloud.ListPodsAsync(default);

        Assert.Equal(PodStatus.Exited, pods.Single(p => p.Id == exited.Id).Status);
        Assert.Equal(PodStatus.Provisioning, pods.Single(p => p.Id != exited.Id).Status);
        Assert.All(pods, p => Assert.Null(p.Ssh));
    }

    [Fact]
    public async Task List_returns_only_pods_with_our_prefix()
    {
        Fake.AddPod("gpu-20260104_160000-aaaaaaaa");
        Fake.AddPod("other-team-pod");
        Fake.AddPod("gpu2-20260104_160000-bbbbbbbb");

        var pods = await _h.NewCloud().ListPodsAsync(default);

        Assert.Equal(["gpu-20260104_160000-aaaaaaaa"], pods.Select(p => p.Name));
        var theirs = await _h.NewCloud(o => o.NamePrefix = "gpu2-").ListPodsAsync(default);
        Assert.Equal(["gpu2-20260104_160000-bbbbbbbb"], theirs.Select(p => p.Name));
    }

    [Fact]
    public async Task Terminate_is_idempotent_and_confirmed_by_polling()
    {
        var cloud = _h.NewCloud();
        var pod = Fake.AddPod("gpu-20260104_160000-aaaaaaaa");
        Fake.TerminateLingerReads = 2;

        Assert.True(await cloud.TerminateAndConfirmAsync(pod.Id, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(10), default));
        Assert.Empty(Fake.LivePods);
        Assert.Equal(TerminateOutcome.AlreadyGone, await cloud.TerminatePodAsync(pod.Id, default));
        Assert.Null(await cloud.GetPodAsync("no-such-pod", default));
        Assert.Equal(TerminateOutcome.AlreadyGone, await cloud.TerminatePodAsync("no-such-pod", default));
    }

    [Fact]
    public async Task Stop_exits_a_pod()
    {
        var cloud = _h.NewCloud();
        var pod = Fake.AddPod("gpu-20260104_160000-aaaaaaaa");

        Assert.True(await cloud.Api.StopPodAsync(pod.Id, default));

        Assert.Equal(PodStatus.Exited, (await cloud.GetPodAsync(pod.Id, default))!.Status);
        Assert.False(await cloud.Api.StopPodAsync("no-such-pod", default));
    }

    [Fact]
    public async Task Unknown_network_volume_stops_spawning_with_a_configuration_error()
    {
        var outcome = await _h.NewCloud(o => o.StorageNames = ["NoSuchVolume"]).CreatePodAsync(new PodRequest(Worker()), default);

        var rejected = Assert.IsType<PodCreateOutcome.Rejected>(outcome);
        Assert.Equal(ErrorKind.Configuration, rejected.Kind);
        Assert.Contains("NoSuchVolume", rejected.Detail, StringComparison.Ordinal);
        Assert.Empty(Fake.LivePods);
    }
}
