using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Core.Domain;

namespace Orchestrator.RunPod;

/// <summary>
/// RunPod's REST API (<c>https://rest.runpod.io/v1</c>), the successor to GraphQL. It has no GPU catalog:
/// GPU types are passed as ids and price ceilings cannot be checked up front. Spot is <c>interruptible: true</c>
/// (REST takes no bid).
/// </summary>
public sealed class RunPodRestApi(RunPodHttp http, RunPodOptions options, TimeProvider time) : IRunPodApi
{
    public string Dialect => "rest";

    public bool HasGpuCatalog => false;

    public Task<PodInfo> CreatePodAsync(DeploySpec spec, CancellationToken cancellationToken) =>
        http.SendAsync("create", true, () => Request(HttpMethod.Post, "pods", CreateBody(spec)),
            root => RestPodReader.Read(root, time.GetUtcNow(), spec.DataCenterId), cancellationToken);

    public Task<IReadOnlyList<PodInfo>> ListPodsAsync(CancellationToken cancellationToken) =>
        http.SendAsync<IReadOnlyList<PodInfo>>("list-pods", false, () => Request(HttpMethod.Get, "pods"),
            root => [.. Array(root).Select(p => RestPodReader.Read(p, time.GetUtcNow()))], cancellationToken);

    public Task<PodInfo?> GetPodAsync(string podId, CancellationToken cancellationToken) =>
        http.SendAsync("get-pod", false, () => Request(HttpMethod.Get, $"pods/{Uri.EscapeDataString(podId)}"),
            root => root.ValueKind == JsonValueKind.Object ? RestPodReader.Read(root, time.GetUtcNow()) : null, cancellationToken, () => null);

    public Task<bool> TerminatePodAsync(string podId, CancellationToken cancellationToken) =>
        http.SendAsync("terminate", true, () => Request(HttpMethod.Delete, $"pods/{Uri.EscapeDataString(podId)}"), _ => true, cancellationToken, () => false);

    public Task<bool> StopPodAsync(string podId, CancellationToken cancellationToken) =>
        http.SendAsync("stop", true, () => Request(HttpMethod.Post, $"pods/{Uri.EscapeDataString(podId)}/stop"), _ => true, cancellationToken, () => false);

    /// <summary>REST v1 has no GPU catalog; the configured names are the ids.</summary>
    public Task<IReadOnlyList<GpuTypeInfo>> ListGpuTypesAsync(bool secureCloud, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<GpuTypeInfo>>([]);

    public Task<IReadOnlyList<NetworkVolumeInfo>> ListNetworkVolumesAsync(CancellationToken cancellationToken) =>
        http.SendAsync<IReadOnlyList<NetworkVolumeInfo>>("network-volumes", false, () => Request(HttpMethod.Get, "networkvolumes"),
            root => [.. Array(root).Where(v => v.Str("id") is not null)
                .Select(v => new NetworkVolumeInfo(v.Str("id")!, v.Str("name") ?? "", v.Int("size"), v.Str("dataCenterId")))],
            cancellationToken);

    /// <summary>A list answer is an array, or an object wrapping one (tolerated).</summary>
    private static IEnumerable<JsonElement> Array(JsonElement root) => root.ValueKind switch
    {
        JsonValueKind.Array => root.EnumerateArray(),
        JsonValueKind.Object => root.Items("pods").Concat(root.Items("networkVolumes")).Concat(root.Items("data")),
        _ => throw new FormatException($"expected a list, got {root.ValueKind}"),
    };

    private HttpRequestMessage Request(HttpMethod method, string path, JsonObject? body = null)
    {
        var request = new HttpRequestMessage(method, new Uri($"{options.RestBaseUrl.ToString().TrimEnd('/')}/{path}"));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body.DeepClone());
        }
        return request;
    }

    private static JsonObject CreateBody(DeploySpec spec)
    {
        var body = new JsonObject
        {
            ["name"] = spec.Name,
            ["imageName"] = spec.Image,
            ["computeType"] = "GPU",
            ["cloudType"] = spec.CloudType == "ALL" ? "SECURE" : spec.CloudType,
            ["gpuTypeIds"] = new JsonArray(spec.GpuTypeId),
            ["gpuTypePriority"] = "custom",
            ["gpuCount"] = 1,
            ["containerDiskInGb"] = spec.ContainerDiskGb,
            ["volumeInGb"] = spec.VolumeGb,
            ["volumeMountPath"] = spec.VolumeMountPath,
            ["minVCPUPerGPU"] = spec.MinVcpuCount,
            ["minRAMPerGPU"] = spec.MinMemoryGb,
            ["ports"] = new JsonArray([.. spec.Ports.Select(p => (JsonNode)JsonValue.Create(p))]),
            ["supportPublicIp"] = spec.SupportPublicIp,
            ["interruptible"] = spec.Spot,
            ["env"] = new JsonObject(spec.Env.Select(kv => new KeyValuePair<string, JsonNode?>(kv.Key, kv.Value))),
        };
        if (spec.NetworkVolumeId is { } volume)
        {
            body["networkVolumeId"] = volume;
        }
        if (spec.DataCenterId is { } dc)
        {
            body["dataCenterIds"] = new JsonArray(dc);
            body["dataCenterPriority"] = "custom";
        }
        return body;
    }
}
