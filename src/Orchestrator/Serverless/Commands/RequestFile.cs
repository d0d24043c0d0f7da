using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Serverless.Commands;

/// <summary>Loads a workflow or payload JSON file into a job request <c>{"input": ...}</c>.</summary>
public static class RequestFile
{
    /// <summary>
    /// A ComfyUI workflow in API format becomes <c>{"input": {"workflow": ...}}</c>; a file that already is a
    /// request (<c>{"input": {"workflow": ...}}</c>) is kept. Null, with a problem, when it cannot be used.
    /// </summary>
    public static JsonObject? Workflow(string? path, List<string> problems)
    {
        if (Load(path, "--workflow", problems) is not { } root)
        {
            return null;
        }
        if (root["input"] is JsonObject input && input["workflow"] is JsonObject)
        {
            return root;
        }
        if (root["nodes"] is JsonArray && root["links"] is not null)
        {
            problems.Add($"--workflow: '{path}' is a UI-format workflow; export it with Workflow > Export (API)");
            return null;
        }
        if (root.Count == 0 || root.Any(kv => kv.Value is not JsonObject node || node["class_type"] is null))
        {
            problems.Add($"--workflow: '{path}' is not an API-format ComfyUI workflow (every node needs a class_type)");
            return null;
        }
        return new JsonObject { ["input"] = new JsonObject { ["workflow"] = root } };
    }

    /// <summary>A payload: <c>{"input": ...}</c> is kept as the request, anything else becomes its input.</summary>
    public static JsonObject? Payload(string? path, List<string> problems) =>
        Load(path, "--payload", problems) is not { } root ? null
        : root["input"] is JsonObject ? root
        : new JsonObject { ["input"] = root };

    private static JsonObject? Load(string? path, string option, List<string> problems)
    {
        if (path is null)
        {
            problems.Add($"{option}: required");
            return null;
        }
        if (!File.Exists(path))
        {
            problems.Add($"{option}: '{path}' does not exist");
            return null;
        }
        try
        {
            if (JsonNode.Parse(File.ReadAllText(path)) is JsonObject root)
            {
                return root;
            }
            problems.Add($"{option}: '{path}' is not a JSON object");
        }
        catch (JsonException e)
        {
            problems.Add($"{option}: '{path}' is not valid JSON: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add($"{option}: '{path}' cannot be read: {e.Message}");
        }
        return null;
    }
}
