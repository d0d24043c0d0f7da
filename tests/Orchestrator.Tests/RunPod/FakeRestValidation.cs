using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Tests.RunPod;

/// <summary>
/// The v2 <c>CreatePodRequest</c> contract as the fake enforces it: no property outside the schema
/// (<c>unevaluatedProperties: false</c>), <c>name</c>, <c>image</c> and <c>gpu.id</c> required, <c>env</c> an
/// object of strings, <c>ports</c> an array of strings, at most one of <c>mounts.persistent</c> / <c>mounts.network</c>.
/// </summary>
public static class FakeRestValidation
{
    private static readonly HashSet<string> Top =
    [
        "name", "image", "cloud", "cpu", "dataCenterIds", "globalNetworking", "gpu", "mounts", "startJupyter", "startSsh",
        "templateId", "args", "disk", "env", "ports", "registry",
    ];

    private static readonly HashSet<string> Gpu = ["id", "count", "allowedCudaVersions", "minCudaVersion", "minRamPerGpu", "minVcpuCountPerGpu"];

    public static List<string> Violations(JsonObject body)
    {
        var errors = new List<string>();
        errors.AddRange(body.Where(kv => !Top.Contains(kv.Key)).Select(kv => $"$: additional properties '{kv.Key}' not allowed"));
        Require(body, "name", errors);
        Require(body, "image", errors);
        if (body["gpu"] is not JsonObject gpu)
        {
            errors.Add("$: exactly one of 'gpu' or 'cpu' is required");
        }
        else
        {
            errors.AddRange(gpu.Where(kv => !Gpu.Contains(kv.Key)).Select(kv => $"$.gpu: additional properties '{kv.Key}' not allowed"));
            Require(gpu, "id", errors);
        }
        if (body["env"] is { } env && (env is not JsonObject map || map.Any(kv => kv.Value?.GetValueKind() != JsonValueKind.String)))
        {
            errors.Add("$.env: expected an object of strings");
        }
        if (body["ports"] is { } ports && (ports is not JsonArray list || list.Any(p => p?.GetValueKind() != JsonValueKind.String)))
        {
            errors.Add("$.ports: expected an array of strings");
        }
        if (body["mounts"] is JsonObject mounts && mounts.ContainsKey("persistent") && mounts.ContainsKey("network"))
        {
            errors.Add("$.mounts: persistent and network are mutually exclusive");
        }
        return errors;
    }

    private static void Require(JsonObject node, string name, List<string> errors)
    {
        if (node[name] is not JsonValue value || value.GetValueKind() != JsonValueKind.String || value.GetValue<string>().Length == 0)
        {
            errors.Add($"$: missing property '{name}'");
        }
    }
}
