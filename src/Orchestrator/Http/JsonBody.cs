using System.Text;
using System.Text.Json.Nodes;

namespace Orchestrator.Http;

/// <summary>A request body of JSON text (<c>application/json; charset=utf-8</c>), built without the reflection-based serializer.</summary>
public static class JsonBody
{
    public static StringContent Of(string json) => new(json, Encoding.UTF8, "application/json");

    public static StringContent Of(JsonNode json) => Of(json.ToJsonString());
}
