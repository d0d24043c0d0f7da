using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Tests.RunPod.Contract;

namespace Orchestrator.Tests.RunPod;

/// <summary>
/// The v2 <c>CreatePodRequest</c> contract as RunPod enforces it, with every field set taken from
/// <see cref="RestV2Contract"/> (the reference facts): a property outside the schema, a missing required
/// one, a wrong type or enum value is a 422 listing each violation; a cross-field rule (both mount kinds,
/// <c>minCudaVersion</c> with <c>allowedCudaVersions</c>) is a 400.
/// </summary>
public static class FakeRestValidation
{
    public sealed record Verdict(int Status, IReadOnlyList<string> Errors)
    {
        public bool Valid => Errors.Count == 0;
    }

    public static Verdict Check(JsonObject body, RestV2Contract? contract = null)
    {
        contract ??= RestV2Contract.Reference;
        var errors = new List<string>();
        Unknown(body, contract.TopLevel, "$", errors);
        foreach (var name in contract.Required.Where(n => !(n == "image" && body.ContainsKey("templateId"))))
        {
            RequireString(body, name, "$", errors);
        }
        if (body["cloud"] is { } cloud && (cloud.GetValueKind() != JsonValueKind.String || !contract.CloudValues.Contains(cloud.GetValue<string>())))
        {
            errors.Add($"$.cloud: must be one of {string.Join(", ", contract.CloudValues.Order(StringComparer.Ordinal))}");
        }
        Gpu(body, contract, errors);
        if (body["env"] is { } env && (env is not JsonObject map || map.Any(kv => kv.Value?.GetValueKind() != JsonValueKind.String)))
        {
            errors.Add("$.env: expected an object of strings");
        }
        if (body["ports"] is { } ports && (ports is not JsonArray list || list.Any(p => p?.GetValueKind() != JsonValueKind.String)))
        {
            errors.Add("$.ports: expected an array of strings");
        }
        var crossField = Mounts(body, contract, errors);
        if (errors.Count > 0)
        {
            return new Verdict(422, errors);
        }
        return crossField is null ? new Verdict(201, []) : new Verdict(400, [crossField]);
    }

    private static void Gpu(JsonObject body, RestV2Contract contract, List<string> errors)
    {
        if ((body["gpu"] is null) == (body["cpu"] is null))
        {
            errors.Add("$: exactly one of 'gpu' or 'cpu' is required");
        }
        if (body["gpu"] is JsonObject gpu)
        {
            Unknown(gpu, contract.Gpu, "$.gpu", errors);
            RequireString(gpu, "id", "$.gpu", errors);
            if (gpu["count"] is { } count && (count.GetValueKind() != JsonValueKind.Number || count.GetValue<int>() < 1))
            {
                errors.Add("$.gpu.count: must be an integer >= 1");
            }
        }
    }

    /// <summary>Schema errors go to <paramref name="errors"/>; the cross-field rule (both kinds) is returned as a 400 detail.</summary>
    private static string? Mounts(JsonObject body, RestV2Contract contract, List<string> errors)
    {
        if (body["mounts"] is not { } node)
        {
            return null;
        }
        if (node is not JsonObject mounts)
        {
            errors.Add("$.mounts: expected an object");
            return null;
        }
        Unknown(mounts, ["network", "persistent"], "$.mounts", errors);
        if (mounts["network"] is { } network)
        {
            if (network is not JsonArray items || items.Any(i => i is not JsonObject))
            {
                errors.Add("$.mounts.network: expected an array of objects");
            }
            else
            {
                foreach (var item in items.Cast<JsonObject>())
                {
                    Unknown(item, contract.NetworkMount, "$.mounts.network[]", errors);
                    RequireString(item, "volumeId", "$.mounts.network[]", errors);
                    RequireString(item, "path", "$.mounts.network[]", errors);
                }
            }
        }
        if (mounts["persistent"] is JsonObject persistent)
        {
            Unknown(persistent, contract.PersistentMount, "$.mounts.persistent", errors);
            if (persistent["size"] is not JsonValue size || size.GetValueKind() != JsonValueKind.Number || size.GetValue<int>() < contract.MinPersistentSizeGb)
            {
                errors.Add($"$.mounts.persistent.size: must be an integer >= {contract.MinPersistentSizeGb}");
            }
        }
        return mounts.ContainsKey("network") && mounts.ContainsKey("persistent") ? "mounts: network and persistent cannot both be set" : null;
    }

    private static void Unknown(JsonObject node, IReadOnlySet<string> allowed, string at, List<string> errors) =>
        errors.AddRange(node.Where(kv => !allowed.Contains(kv.Key)).Select(kv => $"{at}: property '{kv.Key}' is not allowed"));

    private static void Unknown(JsonObject node, string[] allowed, string at, List<string> errors) => Unknown(node, allowed.ToHashSet(StringComparer.Ordinal), at, errors);

    private static void RequireString(JsonObject node, string name, string at, List<string> errors)
    {
        if (node[name] is not JsonValue value || value.GetValueKind() != JsonValueKind.String || value.GetValue<string>().Length == 0)
        {
            errors.Add($"{at}: missing property '{name}'");
        }
    }
}
