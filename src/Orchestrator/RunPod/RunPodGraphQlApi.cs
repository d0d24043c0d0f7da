using Orchestrator.Http;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Core.Domain;
using Orchestrator.Core.Ports;

namespace Orchestrator.RunPod;

/// <summary>RunPod's GraphQL API (the default until RunPod retires it in 2027). HTTP 200 with <c>errors[]</c> is read as a failure.</summary>
public sealed class RunPodGraphQlApi(RunPodHttp http, RunPodOptions options) : IRunPodApi
{
    public string Dialect => "graphql";

    public bool HasMemoryTiers => true;

    public Task<CreateAnswer> CreatePodAsync(DeploySpec spec, CancellationToken cancellationToken)
    {
        var (document, field) = spec.Spot ? (GraphQlDocuments.CreateSpot, "podRentInterruptable") : (GraphQlDocuments.CreateOnDemand, "podFindAndDeployOnDemand");
        var variables = new JsonObject { ["input"] = CreateInput(spec) };
        return http.SendAsync<CreateAnswer>(spec.Spot ? "create-spot" : "create", RunPodCallKind.Mutation, () => Post(document, variables),
            root => new CreateAnswer.Created(GraphQlPodReader.Read(Data(root, field) ?? throw new FormatException($"{field} answered null"), spec.DataCenterId)),
            cancellationToken, onRefused: ex => CreateAnswer.From(ex, rest: false));
    }

    public Task<IReadOnlyList<PodInfo>> ListPodsAsync(CancellationToken cancellationToken) =>
        http.SendAsync<IReadOnlyList<PodInfo>>("list-pods", RunPodCallKind.Read, () => Post(GraphQlDocuments.Pods, new JsonObject()),
            root => [.. PodRows.Readable(PodList(Data(root, "myself") ?? throw new FormatException("myself answered null")), options.NamePrefix).Select(p => GraphQlPodReader.Read(p))],
            cancellationToken);

    public Task<PodInfo?> GetPodAsync(string podId, CancellationToken cancellationToken) =>
        http.SendAsync("get-pod", RunPodCallKind.Read, () => Post(GraphQlDocuments.Pod, new JsonObject { ["podId"] = podId }),
            root => Data(root, "pod") is { } pod ? GraphQlPodReader.Read(pod) : null, cancellationToken, () => null);

    public Task<bool> TerminatePodAsync(string podId, CancellationToken cancellationToken) =>
        http.SendAsync("terminate", RunPodCallKind.Terminate, () => Post(GraphQlDocuments.Terminate, new JsonObject { ["podId"] = podId }),
            root => { _ = Data(root, "podTerminate"); return true; }, cancellationToken, () => false);

    public Task<bool> StopPodAsync(string podId, CancellationToken cancellationToken) =>
        http.SendAsync("stop", RunPodCallKind.Mutation, () => Post(GraphQlDocuments.Stop, new JsonObject { ["podId"] = podId }),
            root => Data(root, "podStop") is not null, cancellationToken, () => false);

    public Task<IReadOnlyList<GpuTypeInfo>> ListGpuTypesAsync(bool secureCloud, CancellationToken cancellationToken) =>
        http.SendAsync<IReadOnlyList<GpuTypeInfo>>("gpu-types", RunPodCallKind.Read, () => Post(GraphQlDocuments.GpuTypes, new JsonObject { ["secureCloud"] = secureCloud }),
            root => [.. ArrayData(root, "gpuTypes").Select(ReadGpuType).OfType<GpuTypeInfo>()], cancellationToken);

    public Task<IReadOnlyList<NetworkVolumeInfo>> ListNetworkVolumesAsync(CancellationToken cancellationToken) =>
        http.SendAsync<IReadOnlyList<NetworkVolumeInfo>>("network-volumes", RunPodCallKind.Read, () => Post(GraphQlDocuments.NetworkVolumes, new JsonObject()),
            root => [.. (Data(root, "myself") ?? throw new FormatException("myself answered null")).Items("networkVolumes")
                .Where(v => v.Str("id") is not null)
                .Select(v => new NetworkVolumeInfo(v.Str("id")!, v.Str("name") ?? "", v.Int("size"), v.Str("dataCenterId")))],
            cancellationToken);

    private static GpuTypeInfo? ReadGpuType(JsonElement g)
    {
        if (g.Str("id") is not { } id)
        {
            return null;
        }
        var price = g.Prop("lowestPrice");
        return new GpuTypeInfo(id, g.Str("displayName") ?? id, g.Int("memoryInGb"), price?.Dec("uninterruptablePrice"), price?.Dec("minimumBidPrice"), price?.Str("stockStatus"));
    }

    private HttpRequestMessage Post(string document, JsonObject variables) => new(HttpMethod.Post, options.GraphQlUrl)
    {
        Content = JsonBody.Of(new JsonObject { ["query"] = document, ["variables"] = variables.DeepClone() }),
    };

    private static JsonObject CreateInput(DeploySpec spec)
    {
        var input = new JsonObject
        {
            ["name"] = spec.Name,
            ["imageName"] = spec.Image,
            ["gpuTypeId"] = spec.GpuTypeId,
            ["gpuCount"] = 1,
            ["cloudType"] = spec.CloudType,
            ["containerDiskInGb"] = spec.ContainerDiskGb,
            ["volumeInGb"] = spec.VolumeGb,
            ["minVcpuCount"] = spec.MinVcpuCount,
            ["volumeMountPath"] = spec.VolumeMountPath,
            ["ports"] = string.Join(",", spec.Ports),
            ["startSsh"] = spec.StartSsh,
            ["supportPublicIp"] = spec.SupportPublicIp,
            ["dockerArgs"] = "",
            ["env"] = new JsonArray([.. spec.Env.Select(kv => (JsonNode)new JsonObject { ["key"] = kv.Key, ["value"] = kv.Value })]),
        };
        if (spec.MinMemoryGb is { } memory)
        {
            input["minMemoryInGb"] = memory;
        }
        if (spec.NetworkVolumeId is { } volume)
        {
            input["networkVolumeId"] = volume;
        }
        if (spec.DataCenterId is { } dc)
        {
            input["dataCenterId"] = dc;
        }
        if (spec.Spot)
        {
            input["bidPerGpu"] = spec.BidPerGpu;
        }
        return input;
    }

    /// <summary><c>myself.pods</c>; anything but a list (a string, an object, null) is an unreadable answer, never "no pods".</summary>
    private static IEnumerable<JsonElement> PodList(JsonElement myself) =>
        myself.Prop("pods") is { ValueKind: JsonValueKind.Array } pods ? pods.EnumerateArray() : throw new FormatException("myself.pods is not a list");

    /// <summary><c>data.&lt;field&gt;</c>, after turning an <c>errors[]</c> answer into a classified failure.</summary>
    private static JsonElement? Data(JsonElement root, string field)
    {
        ThrowOnErrors(root);
        var data = root.Prop("data") ?? throw new FormatException("answer without data");
        return data.Prop(field);
    }

    private static IEnumerable<JsonElement> ArrayData(JsonElement root, string field)
    {
        ThrowOnErrors(root);
        return (root.Prop("data") ?? throw new FormatException("answer without data")).Items(field);
    }

    private static void ThrowOnErrors(JsonElement root)
    {
        var first = root.Items("errors").FirstOrDefault();
        if (first.ValueKind != JsonValueKind.Object)
        {
            return;
        }
        var message = first.Str("message") ?? "GraphQL error without message";
        var code = first.Prop("extensions")?.Str("code");
        var kind = RunPodErrorClassifier.FromGraphQl(message, code);
        throw new RunPodApiException(kind, code is null ? message : $"{message} ({code})", notFound: kind == ErrorKind.CloudApi && RunPodErrorClassifier.IsNotFound(message));
    }
}
