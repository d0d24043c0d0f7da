using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Orchestrator.Core.Ports;
using Orchestrator.RunPod;
using Xunit;

namespace Orchestrator.Tests.RunPod.Contract;

/// <summary>
/// Issue 13: every REST v2 create body the adapter can build stays inside RunPod's published contract, with
/// the allowed field sets read from the reference facts, so an invented field fails here, not in production
/// (the adapter used to send <c>gpu.minRamPerGpu</c>/<c>gpu.minVcpuCountPerGpu</c>: every create was a 422).
/// </summary>
public sealed class RestCreateBodyContractTests
{
    private static RestV2Contract C => RestV2Contract.Reference;

    [Fact]
    public void The_reference_facts_parse_into_the_v2_field_sets()
    {
        Assert.Equal(["allowedCudaVersions", "count", "id", "minCudaVersion"], C.Gpu.Order(StringComparer.Ordinal));
        Assert.Equal(["args", "cloud", "cpu", "dataCenterIds", "disk", "env", "globalNetworking", "gpu", "image", "mounts", "name", "ports",
            "registry", "startJupyter", "startSsh", "templateId"], C.TopLevel.Order(StringComparer.Ordinal));
        Assert.Equal(["image", "name"], C.Required.Order(StringComparer.Ordinal));
        Assert.Equal(["COMMUNITY", "SECURE"], C.CloudValues.Order(StringComparer.Ordinal));
        Assert.Equal(["minMemoryInGb", "minRAMPerGPU", "minVCPUPerGPU", "minVcpuCount"], C.RemovedGpuFields.Order(StringComparer.Ordinal));
        Assert.Equal(["path", "volumeId"], C.NetworkMount.Order(StringComparer.Ordinal));
        Assert.Equal(["path", "size"], C.PersistentMount.Order(StringComparer.Ordinal));
        Assert.Equal(10, C.MinPersistentSizeGb);
    }

    public static TheoryData<string, DeploySpec> EveryBody()
    {
        var data = new TheoryData<string, DeploySpec>();
        var env = new List<KeyValuePair<string, string>> { new("WORKER_ID", "gpu-x"), new("SUPABASE_URL", "https://p.supabase.co"), new("PUBLIC_KEY", "ssh-ed25519 AAAA k") };
        (string Label, string? Volume, string? Dc, int VolumeGb)[] storage =
            [("network", "vol-1", "EU-RO-1", 50), ("network-no-disk", "vol-1", "EU-RO-1", 0), ("persistent", null, null, 50), ("persistent-min", null, null, 10), ("none", null, null, 0)];
        foreach (var s in storage)
        foreach (var cloud in new[] { "SECURE", "COMMUNITY" })
        foreach (var ports in new[] { new[] { "22/tcp" }, ["22/tcp", "8888/http"] })
        foreach (var startSsh in new[] { true, false })
        foreach (var withEnv in new[] { true, false })
        foreach (var memory in new int?[] { null, 72 })
        {
            data.Add($"{s.Label}/{cloud}/{ports.Length}p/ssh={startSsh}/env={withEnv}/mem={memory}", new DeploySpec
            {
                Name = "gpu-20260104_170000-00000001", Image = "ghcr.io/example/worker:1", GpuTypeId = "NVIDIA L40S", CloudType = cloud,
                Spot = false, ContainerDiskGb = 50, VolumeGb = s.VolumeGb, MinVcpuCount = 8, MinMemoryGb = memory,
                NetworkVolumeId = s.Volume, DataCenterId = s.Dc, VolumeMountPath = "/workspace", Ports = ports, StartSsh = startSsh,
                SupportPublicIp = true, Env = withEnv ? env : [],
            });
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryBody))]
    public void Every_body_the_adapter_can_build_is_inside_the_contract(string combination, DeploySpec spec)
    {
        var body = RestCreateBody.Build(spec);

        var verdict = FakeRestValidation.Check(body);
        Assert.True(verdict.Valid, $"{combination}: {string.Join("; ", verdict.Errors)}");
        Assert.All(C.RemovedGpuFields, f => Assert.DoesNotContain($"\"{f}\"", body.ToJsonString(), StringComparison.OrdinalIgnoreCase));
        Assert.Equal(spec.GpuTypeId, body["gpu"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public void The_body_that_shipped_before_is_refused_with_a_422_naming_each_invented_field()
    {
        var old = RestCreateBody.Build((DeploySpec)EveryBody().First()[1]);
        old["gpu"]!["minRamPerGpu"] = 72;
        old["gpu"]!["minVcpuCountPerGpu"] = 8;

        var verdict = FakeRestValidation.Check(old);

        Assert.Equal(422, verdict.Status);
        Assert.Equal(["$.gpu: property 'minRamPerGpu' is not allowed", "$.gpu: property 'minVcpuCountPerGpu' is not allowed"], verdict.Errors);
    }

    [Theory]
    [InlineData("""{"name":"n","image":"i","gpu":{"id":"g"},"supportPublicIp":true}""", 422, "property 'supportPublicIp' is not allowed")]
    [InlineData("""{"name":"n","image":"i","gpu":{"id":"g"},"cloud":"ALL"}""", 422, "$.cloud: must be one of COMMUNITY, SECURE")]
    [InlineData("""{"name":"n","image":"i","gpu":{"id":"g"},"mounts":{"persistent":{"size":5,"path":"/w"}}}""", 422, "size: must be an integer >= 10")]
    [InlineData("""{"name":"n","gpu":{"id":"g"}}""", 422, "$: missing property 'image'")]
    [InlineData("""{"name":"n","image":"i","gpu":{"id":"g"},"mounts":{"persistent":{"size":20,"path":"/w"},"network":[{"volumeId":"v","path":"/w"}]}}""", 400, "cannot both be set")]
    public void The_strict_validator_answers_as_RunPod_does(string json, int status, string error)
    {
        var verdict = FakeRestValidation.Check((JsonObject)JsonNode.Parse(json)!);

        Assert.Equal(status, verdict.Status);
        Assert.Contains(verdict.Errors, e => e.Contains(error, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_strict_fake_answers_an_unknown_field_with_a_422_problem_listing_it()
    {
        await using var server = await FakeRunPodServer.StartAsync();
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.RestUrl + "/pods"))
        {
            Content = new StringContent("""{"name":"gpu-1","image":"i","gpu":{"id":"NVIDIA L40S","minRamPerGpu":72},"interruptible":true}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", server.State.ApiKey);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(["$: property 'interruptible' is not allowed", "$.gpu: property 'minRamPerGpu' is not allowed"],
            problem["errors"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.Empty(server.State.LivePods);
    }

    /// <summary>Every option combination, through the real adapter, against the strict fake: each one creates a pod.</summary>
    [Fact]
    public async Task Every_option_combination_creates_a_pod_on_the_strict_fake()
    {
        await using var h = await RunPodHarness.StartAsync(rest: true);
        var n = 0;
        foreach (var volumes in new[] { ["Peter", "EU-NO-1"], Array.Empty<string>() })
        foreach (var disk in new[] { 0, 10, 50 })
        foreach (var cloud in new[] { "SECURE", "COMMUNITY" })
        foreach (var ports in new[] { new[] { "22/tcp" }, ["22/tcp", "8888/http"] })
        foreach (var tiers in new[] { new[] { 72, 48 }, [16] })
        {
            var cloudApi = h.NewCloud(o => (o.StorageNames, o.VolumeGb, o.CloudType, o.Ports, o.MemoryTiers, o.MinVcpuCount) = (volumes, disk, cloud, ports, tiers, 4 + n % 3));
            var outcome = await cloudApi.CreatePodAsync(new PodRequest($"gpu-20260104_170000-{++n:D8}"), default);
            Assert.True(outcome is PodCreateOutcome.Created, $"{string.Join(",", volumes)}/{disk}/{cloud}/{ports.Length}/{tiers[0]}: {outcome}");
        }
        Assert.Equal(48, h.Fake.LivePods.Count);
        Assert.DoesNotContain(h.Fake.Requests, r => r.Operation == "create" && !FakeRestValidation.Check((JsonObject)JsonNode.Parse(r.Body)!).Valid);
        h.AssertNoSecretsLeaked();
    }
}
