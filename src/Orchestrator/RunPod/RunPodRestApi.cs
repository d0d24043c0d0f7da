using Orchestrator.Http;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Core.Domain;
using Orchestrator.Core.Ports;

namespace Orchestrator.RunPod;

/// <summary>
/// RunPod's REST API v2 (<c>https://api.runpod.io/v2</c>), the successor to GraphQL and to REST v1 (retired
/// late 2026). Pods live at <c>/pods</c>, terminate is <c>DELETE /pods/{id}</c>, stop is
/// <c>POST /pods/{id}/action {"action":"stop"}</c>; the GPU catalog (<c>/catalog/gpus</c>) gives prices and
/// stock, network volumes are at <c>/network-volumes</c>. Lists come wrapped (<c>{"pods": [...]}</c>) and
/// errors as RFC 9457 problems. v2 has no interruptible (spot) pods.
/// </summary>
public sealed class RunPodRestApi(RunPodHttp http, RunPodOptions options, TimeProvider time) : IRunPodApi
{
    public string Dialect => "rest";

    public bool HasMemoryTiers => false;

    public Task<CreateAnswer> CreatePodAsync(DeploySpec spec, CancellationToken cancellationToken)
    {
        if (spec.Spot)
        {
            return Task.FromException<CreateAnswer>(new CloudException(ErrorKind.Configuration, "RunPod REST v2 has no interruptible (spot) pods; use RUNPOD_API=graphql or RUNPOD_SPOT=false"));
        }
        return http.SendAsync<CreateAnswer>("create", RunPodCallKind.Mutation, () => Request(HttpMethod.Post, "pods", RestCreateBody.Build(spec)),
            root => new CreateAnswer.Created(RestPodReader.Read(root, time.GetUtcNow(), spec.DataCenterId)), cancellationToken,
            onRefused: ex => CreateAnswer.From(ex, rest: true));
    }

    /// <summary>v2 has no name filter on <c>GET /pods</c>; the whole account is listed and filtered here.</summary>
    public Task<IReadOnlyList<PodInfo>> ListPodsAsync(CancellationToken cancellationToken) =>
        http.SendAsync<IReadOnlyList<PodInfo>>("list-pods", RunPodCallKind.Read, () => Request(HttpMethod.Get, "pods"),
            root => [.. PodRows.Readable(RestCatalogReader.List(root, "pods"), options.NamePrefix).Select(p => RestPodReader.Read(p, time.GetUtcNow()))], cancellationToken);

    public Task<PodInfo?> GetPodAsync(string podId, CancellationToken cancellationToken) =>
        http.SendAsync("get-pod", RunPodCallKind.Read, () => Request(HttpMethod.Get, PodPath(podId)),
            root => root.ValueKind == JsonValueKind.Object ? RestPodReader.Read(root, time.GetUtcNow()) : null, cancellationToken, () => null);

    public Task<bool> TerminatePodAsync(string podId, CancellationToken cancellationToken) =>
        http.SendAsync("terminate", RunPodCallKind.Terminate, () => Request(HttpMethod.Delete, PodPath(podId)), _ => true, cancellationToken, () => false);

    public Task<bool> StopPodAsync(string podId, CancellationToken cancellationToken) =>
        http.SendAsync("stop", RunPodCallKind.Mutation, () => Request(HttpMethod.Post, PodPath(podId) + "/action", new JsonObject { ["action"] = "stop" }),
            _ => true, cancellationToken, () => false);

    /// <summary>
    /// <c>GET /catalog/gpus?include=AVAILABILITY&amp;product=POD&amp;cloud=…&amp;count=1</c>: price per GPU for the
    /// chosen cloud and pod stock. <c>product</c> is mandatory with <c>include=AVAILABILITY</c>.
    /// </summary>
    public Task<IReadOnlyList<GpuTypeInfo>> ListGpuTypesAsync(bool secureCloud, CancellationToken cancellationToken) =>
        http.SendAsync<IReadOnlyList<GpuTypeInfo>>("gpu-types", RunPodCallKind.Read,
            () => Request(HttpMethod.Get, $"catalog/gpus?include=AVAILABILITY&product=POD&count=1&cloud={(secureCloud ? "SECURE" : "COMMUNITY")}"),
            root => [.. RestCatalogReader.List(root, "gpus").Select(g => RestCatalogReader.GpuType(g, secureCloud)).OfType<GpuTypeInfo>()],
            cancellationToken);

    public Task<IReadOnlyList<NetworkVolumeInfo>> ListNetworkVolumesAsync(CancellationToken cancellationToken) =>
        http.SendAsync<IReadOnlyList<NetworkVolumeInfo>>("network-volumes", RunPodCallKind.Read, () => Request(HttpMethod.Get, "network-volumes"),
            root => [.. RestCatalogReader.List(root, "networkVolumes").Select(RestCatalogReader.Volume).OfType<NetworkVolumeInfo>()],
            cancellationToken);

    private static string PodPath(string podId) => $"pods/{Uri.EscapeDataString(podId)}";

    private HttpRequestMessage Request(HttpMethod method, string path, JsonObject? body = null)
    {
        var request = new HttpRequestMessage(method, new Uri($"{options.RestBaseUrl.ToString().TrimEnd('/')}/{path}"));
        if (body is not null)
        {
            request.Content = JsonBody.Of(body);
        }
        return request;
    }
}
