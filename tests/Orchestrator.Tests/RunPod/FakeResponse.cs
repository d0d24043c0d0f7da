using System.Text.Json.Nodes;

namespace Orchestrator.Tests.RunPod;

/// <summary>What a fake handler answers.</summary>
public sealed record FakeResponse(int Status, string Body)
{
    public static FakeResponse Json(JsonNode? node, int status = 200) => new(status, node?.ToJsonString() ?? "");
}
