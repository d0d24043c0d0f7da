using System.Text.Json;

namespace Orchestrator.RunPod;

/// <summary>
/// Reads REST v2 list answers: <c>{"gpus": [...]}</c> from <c>/v2/catalog/gpus</c>,
/// <c>{"networkVolumes": [...]}</c> from <c>/v2/network-volumes</c> and <c>{"pods": [...]}</c> from
/// <c>/v2/pods</c>. A bare array (v1's shape) is tolerated; entries without an id are skipped.
/// </summary>
public static class RestCatalogReader
{
    /// <summary>The wrapped list under <paramref name="key"/>, or the root itself when it is an array.</summary>
    public static IEnumerable<JsonElement> List(JsonElement root, string key) => root.ValueKind switch
    {
        JsonValueKind.Array => root.EnumerateArray(),
        JsonValueKind.Object when root.Prop(key) is { ValueKind: JsonValueKind.Array } list => list.EnumerateArray(),
        _ => throw new FormatException($"expected a '{key}' list, got {root.ValueKind}"),
    };

    /// <summary>One GPU type; the price is <c>price.secure</c> or <c>price.community</c>, per GPU per hour. v2 has no spot bid.</summary>
    public static GpuTypeInfo? GpuType(JsonElement gpu, bool secureCloud)
    {
        if (gpu.Str("id") is not { Length: > 0 } id)
        {
            return null;
        }
        var price = gpu.Prop("price")?.Dec(secureCloud ? "secure" : "community");
        return new GpuTypeInfo(id, gpu.Str("name") ?? gpu.Str("displayName") ?? id, gpu.Int("memory") ?? gpu.Int("memoryInGb"), price, null, Stock(gpu.Str("availability")));
    }

    public static NetworkVolumeInfo? Volume(JsonElement volume) =>
        volume.Str("id") is { Length: > 0 } id
            ? new NetworkVolumeInfo(id, volume.Str("name") ?? "", volume.Int("size"), volume.Str("dataCenter") ?? volume.Str("dataCenterId"))
            : null;

    /// <summary>v2's NONE/LOW/MEDIUM/HIGH in the GraphQL spelling the rest of the adapter shows (None/Low/Medium/High).</summary>
    private static string? Stock(string? availability) => availability?.ToUpperInvariant() switch
    {
        null => null,
        "HIGH" => "High",
        "MEDIUM" => "Medium",
        "LOW" => "Low",
        "NONE" => "None",
        _ => availability,
    };
}
