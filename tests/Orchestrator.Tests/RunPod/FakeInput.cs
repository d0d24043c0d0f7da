using System.Text.Json.Nodes;

namespace Orchestrator.Tests.RunPod;

/// <summary>Reads a create input the fake recorded, in either dialect's shape (GraphQL's flat input or REST v2's nested body).</summary>
public static class FakeInput
{
    public static string? Image(JsonObject input) => (input["imageName"] ?? input["image"])?.GetValue<string>();

    public static string? VolumeId(JsonObject input) =>
        (input["networkVolumeId"] ?? (input["mounts"]?["network"] as JsonArray)?.FirstOrDefault()?["volumeId"])?.GetValue<string>();

    public static string? MountPath(JsonObject input) =>
        (input["volumeMountPath"] ?? (input["mounts"]?["network"] as JsonArray)?.FirstOrDefault()?["path"] ?? input["mounts"]?["persistent"]?["path"])?.GetValue<string>();

    public static List<string> Ports(JsonObject input) => input["ports"] switch
    {
        JsonArray array => [.. array.Select(p => p!.GetValue<string>())],
        var text => [.. text!.GetValue<string>().Split(',')],
    };

    public static Dictionary<string, string> Env(JsonObject input) => input["env"] switch
    {
        JsonArray pairs => pairs.ToDictionary(p => p!["key"]!.GetValue<string>(), p => p!["value"]!.GetValue<string>()),
        JsonObject map => map.ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<string>()),
        _ => [],
    };

    /// <summary>A number field of the input (GraphQL's <c>bidPerGpu</c>), or null.</summary>
    public static decimal? Decimal(JsonObject input, string name) =>
        input[name] is JsonValue value && value.GetValueKind() == System.Text.Json.JsonValueKind.Number
            ? decimal.Parse(value.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture)
            : null;
}
