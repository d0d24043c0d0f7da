using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Serverless.Api;

/// <summary>A buffered HTTP answer: status code and body text (read on errors too).</summary>
public sealed record HttpAnswer(HttpStatusCode StatusCode, string Body)
{
    public int Code => (int)StatusCode;

    public bool IsSuccess => Code is >= 200 and < 300;

    /// <summary>The body as JSON, or null when it is empty or not JSON.</summary>
    public JsonNode? Json()
    {
        if (string.IsNullOrWhiteSpace(Body))
        {
            return null;
        }
        try
        {
            return JsonNode.Parse(Body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A short description for error messages: the body's <c>error</c> field or its first 200 characters.</summary>
    public string Describe()
    {
        var text = Json() is JsonObject o && JobErrorText.From(o["error"]) is { } error ? error : Body.Trim();
        return text.Length > 200 ? text[..200] + "…" : text;
    }
}
