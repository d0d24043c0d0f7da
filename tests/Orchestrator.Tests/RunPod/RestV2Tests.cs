using System.Text.Json.Nodes;
using Orchestrator.Core.Domain;
using Orchestrator.Core.Ports;
using Orchestrator.RunPod;
using Xunit;

namespace Orchestrator.Tests.RunPod;

/// <summary>What only the REST v2 dialect does: its body shape, paths, catalog (price ceilings, stock) and refusals.</summary>
public sealed class RestV2Tests : IAsyncLifetime
{
    private RunPodHarness _h = null!;

    private FakeRunPodState Fake => _h.Fake;

    public async Task InitializeAsync() => _h = await RunPodHarness.StartAsync(rest: true);

    public async Task DisposeAsync()
    {
        _h.AssertNoSecretsLeaked();
        await _h.DisposeAsync();
    }

    private const string Worker = "gpu-20260104_170000-00000001";

    [Fact]
    public async Task Create_sends_the_nested_v2_body_with_the_network_volume_as_a_mount()
    {
        Assert.IsType<PodCreateOutcome.Created>(await _h.NewCloud().CreatePodAsync(new PodRequest(Worker), default));

        var body = Assert.Single(Fake.LivePods).Input;
        Assert.Equal("""{"id":"NVIDIA GeForce RTX 4090","count":1}""", body["gpu"]!.ToJsonString());
        Assert.Equal("""{"network":[{"volumeId":"vol-peter","path":"/workspace"}]}""", body["mounts"]!.ToJsonString());
        Assert.Equal("""["EU-RO-1"]""", body["dataCenterIds"]!.ToJsonString());
        Assert.Equal("SECURE", body["cloud"]!.GetValue<string>());
        Assert.Equal(50, body["disk"]!.GetValue<int>());
        Assert.True(body["startSsh"]!.GetValue<bool>());
        Assert.IsType<JsonObject>(body["env"]);
        Assert.All(["imageName", "gpuTypeIds", "networkVolumeId", "interruptible", "containerDiskInGb", "supportPublicIp"], k => Assert.False(body.ContainsKey(k)));
    }

    [Fact]
    public async Task Without_a_network_volume_the_disk_is_a_persistent_mount_and_any_data_center_will_do()
    {
        Assert.IsType<PodCreateOutcome.Created>(await _h.NewCloud(o => o.StorageNames = []).CreatePodAsync(new PodRequest(Worker), default));

        var body = Assert.Single(Fake.LivePods).Input;
        Assert.Equal("""{"persistent":{"size":50,"path":"/workspace"}}""", body["mounts"]!.ToJsonString());
        Assert.False(body.ContainsKey("dataCenterIds"));
    }

    [Fact]
    public async Task Every_call_uses_a_v2_path_and_terminate_is_a_delete_and_stop_an_action()
    {
        var cloud = _h.NewCloud();
        var pod = Assert.IsType<PodCreateOutcome.Created>(await cloud.CreatePodAsync(new PodRequest(Worker), default)).Pod;
        Assert.True(await cloud.Api.StopPodAsync(pod.Id, default));
        Assert.Equal(TerminateOutcome.Requested, await cloud.TerminatePodAsync(pod.Id, default));

        Assert.All(Fake.Requests, r => Assert.StartsWith("/v2/", r.PathAndQuery, StringComparison.Ordinal));
        Assert.Contains(Fake.Requests, r => r is { Method: "GET", Operation: "gpu-types" } && r.PathAndQuery.Contains("include=AVAILABILITY&product=POD", StringComparison.Ordinal));
        Assert.Contains(Fake.Requests, r => r is { Method: "GET", PathAndQuery: "/v2/network-volumes" });
        Assert.Contains(Fake.Requests, r => r is { Method: "POST", PathAndQuery: "/v2/pods" });
        Assert.Contains(Fake.Requests, r => r.Method == "POST" && r.PathAndQuery == $"/v2/pods/{pod.Id}/action" && r.Body == """{"action":"stop"}""");
        Assert.Contains(Fake.Requests, r => r.Method == "DELETE" && r.PathAndQuery == $"/v2/pods/{pod.Id}");
    }

    [Theory]
    [InlineData("SECURE", "0.60", "NVIDIA L40S")]
    [InlineData("COMMUNITY", "0.60", "NVIDIA GeForce RTX 4090")]
    public async Task Price_ceilings_are_checked_against_the_v2_catalog_for_the_chosen_cloud(string cloudType, string ceiling, string placedOn)
    {
        var cloud = _h.NewCloud(o =>
        {
            o.CloudType = cloudType;
            o.GpuTypes = [new GpuChoice("RTX 4090", decimal.Parse(ceiling, System.Globalization.CultureInfo.InvariantCulture)), new GpuChoice("NVIDIA L40S", null)];
        });

        var pod = Assert.IsType<PodCreateOutcome.Created>(await cloud.CreatePodAsync(new PodRequest(Worker), default)).Pod;

        Assert.Equal(placedOn, pod.GpuType);
        Assert.Equal(cloudType, Assert.Single(Fake.LivePods).Input["cloud"]!.GetValue<string>());
        Assert.All(Fake.CreateAttempts, a => Assert.Equal(placedOn, a.Gpu));
        Assert.Contains(Fake.Requests, r => r.Operation == "gpu-types" && r.PathAndQuery.EndsWith($"cloud={cloudType}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_catalog_gives_prices_per_cloud_and_stock_in_the_adapters_spelling()
    {
        var api = _h.NewCloud().Api;

        var secure = await api.ListGpuTypesAsync(true, default);
        var community = await api.ListGpuTypesAsync(false, default);

        Assert.Equal(new GpuTypeInfo("NVIDIA L40S", "L40S", 48, 0.86m, null, "Medium"), secure.Single(g => g.Id == "NVIDIA L40S"));
        Assert.Equal(0.69m, community.Single(g => g.Id == "NVIDIA L40S").OnDemandPrice);
        Assert.Equal(["vol-peter", "vol-no1", "vol-cz1"], (await api.ListNetworkVolumesAsync(default)).Select(v => v.Id));
        Assert.Equal("EU-RO-1", (await api.ListNetworkVolumesAsync(default))[0].DataCenterId);
    }

    [Fact]
    public async Task A_validation_problem_is_rejected_once_with_its_errors_in_the_detail()
    {
        Fake.RejectCreateMessage = "$.image: registry host not allowed";

        var rejected = Assert.IsType<PodCreateOutcome.Rejected>(await _h.NewCloud().CreatePodAsync(new PodRequest(Worker), default));

        Assert.Equal(ErrorKind.Configuration, rejected.Kind);
        Assert.Contains("HTTP 422", rejected.Detail, StringComparison.Ordinal);
        Assert.Contains("registry host not allowed", rejected.Detail, StringComparison.Ordinal);
        Assert.Single(Fake.Requests, r => r.Operation == "create");
    }

    [Fact]
    public async Task Spot_is_refused_as_configuration_without_calling_create()
    {
        var rejected = Assert.IsType<PodCreateOutcome.Rejected>(await _h.NewCloud(o => o.Spot = true).CreatePodAsync(new PodRequest(Worker, Spot: true), default));

        Assert.Equal(ErrorKind.Configuration, rejected.Kind);
        Assert.DoesNotContain(Fake.Requests, r => r.Operation == "create");
    }

    [Fact]
    public async Task Reads_carry_the_pods_env_back_but_no_secret_reaches_a_log_or_url()
    {
        var cloud = _h.NewCloud();
        var pod = Assert.IsType<PodCreateOutcome.Created>(await cloud.CreatePodAsync(new PodRequest(Worker), default)).Pod;
        Fake.Fail(new FakeFault(FakeFaultKind.MalformedJson, "get"));

        Assert.NotNull(await cloud.GetPodAsync(pod.Id, default));
        Assert.Single(await cloud.ListPodsAsync(default));
        Assert.Contains(RunPodHarness.ServiceKey, FakeInput.Env(Fake.LivePods[0].Input).Values);
    }
}
