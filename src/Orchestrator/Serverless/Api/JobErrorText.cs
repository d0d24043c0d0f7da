using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Serverless.Api;

/// <summary>
/// Turns a job's <c>error</c> into text. runpod-python sends a handler exception as a JSON-encoded
/// string (<c>error_type</c>, <c>error_message</c>, <c>error_traceback</c> ...); a handler may also send a
/// plain string, and a broken one an object.
/// </summary>
public static class JobErrorText
{
    public static string? From(JsonNode? error)
    {
        switch (error)
        {
            case null:
                return null;
            case JsonValue v when v.TryGetValue<string>(out var text):
                return FromString(text);
            case JsonObject o:
                return FromObject(o);
            default:
                return error.ToJsonString();
        }
    }

    private static string? FromString(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            return null;
        }
        if (trimmed.StartsWith('{'))
        {
            try
            {
                if (JsonNode.Parse(trimmed) is JsonObject o)
                {
                    return FromObject(o);
                }
            }
            catch (JsonException)
            {
                // not JSON after all: the text is the message
            }
        }
        return trimmed;
    }

    private static string FromObject(JsonObject o)
    {
        var type = Text(o["error_type"]);
        var message = Text(o["error_message"]) ?? Text(o["message"]) ?? Text(o["error"]);
        if (message is null)
        {
            return o.ToJsonString();
        }
        return type is null ? message : $"{type}: {message}";
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;
}
