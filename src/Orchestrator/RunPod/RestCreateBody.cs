using System.Text.Json.Nodes;

namespace Orchestrator.RunPod;

/// <summary>
/// The REST v2 <c>CreatePodRequest</c> (<c>POST /v2/pods</c>). The schema forbids unknown properties
/// (<c>unevaluatedProperties: false</c>), so only its own names are sent: GPU settings under <c>gpu</c>,
/// storage under <c>mounts</c> (a network volume, or else a persistent host volume, never both),
/// <c>disk</c> for the container disk, <c>ports</c> as an array and <c>env</c> as an object.
/// v2's <c>gpu</c> holds only <c>id</c>, <c>count</c> and CUDA constraints: there is no RAM or vCPU minimum
/// (RunPod sizes both from the GPU type), so <see cref="DeploySpec.MinMemoryGb"/> and
/// <see cref="DeploySpec.MinVcpuCount"/> are GraphQL-only. v2 has no spot, bid or public-IP field either;
/// spot is refused before this is built. <c>RestCreateBodyContractTests</c> checks every body this can build.
/// </summary>
public static class RestCreateBody
{
    /// <summary>v2's <c>Cloud</c> enum has SECURE and COMMUNITY only (RUNPOD_CLOUD_TYPE=ALL is refused at start-up for REST).</summary>
    public static string Cloud(string cloudType) => cloudType == "COMMUNITY" ? "COMMUNITY" : "SECURE";

    public static JsonObject Build(DeploySpec spec)
    {
        var body = new JsonObject
        {
            ["name"] = spec.Name,
            ["image"] = spec.Image,
            ["cloud"] = Cloud(spec.CloudType),
            ["gpu"] = new JsonObject { ["id"] = spec.GpuTypeId, ["count"] = 1 },
            ["disk"] = spec.ContainerDiskGb,
            ["ports"] = new JsonArray([.. spec.Ports.Select(p => (JsonNode)JsonValue.Create(p))]),
            ["env"] = new JsonObject(spec.Env.Select(kv => new KeyValuePair<string, JsonNode?>(kv.Key, kv.Value))),
            ["startSsh"] = spec.StartSsh,
        };
        if (Mounts(spec) is { } mounts)
        {
            body["mounts"] = mounts;
        }
        if (spec.DataCenterId is { } dc)
        {
            body["dataCenterIds"] = new JsonArray(dc);
        }
        return body;
    }

    private static JsonObject? Mounts(DeploySpec spec)
    {
        if (spec.NetworkVolumeId is { } volume)
        {
            return new JsonObject { ["network"] = new JsonArray(new JsonObject { ["volumeId"] = volume, ["path"] = spec.VolumeMountPath }) };
        }
        return spec.VolumeGb > 0
            ? new JsonObject { ["persistent"] = new JsonObject { ["size"] = spec.VolumeGb, ["path"] = spec.VolumeMountPath } }
            : null;
    }
}
