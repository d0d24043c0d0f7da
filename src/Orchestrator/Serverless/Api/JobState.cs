using System.Text.Json.Nodes;

namespace Orchestrator.Serverless.Api;

/// <summary>One answer of <c>/run</c>, <c>/runsync</c>, <c>/status</c> or <c>/cancel</c>.</summary>
/// <param name="Error">Readable error text (a JSON-encoded handler error is unpacked), or null.</param>
/// <param name="Output">The handler's output, which may be present while IN_PROGRESS (progress updates).</param>
public sealed record JobState(string Id, string Status, JsonNode? Output, string? Error, long? DelayTimeMs, long? ExecutionTimeMs, string? WorkerId)
{
    public bool IsTerminal => JobStatuses.IsTerminal(Status);

    /// <summary>Reads a job body. Returns null when it has no <c>status</c>.</summary>
    public static JobState? Parse(JsonNode? body, string? fallbackId = null)
    {
        if (body is not JsonObject o || o["status"] is not JsonValue statusValue || !statusValue.TryGetValue<string>(out var status))
        {
            return null;
        }
        var id = o["id"] is JsonValue idValue && idValue.TryGetValue<string>(out var text) ? text : fallbackId ?? "";
        return new JobState(id, status.Trim().ToUpperInvariant(), o["output"]?.DeepClone(), JobErrorText.From(o["error"]),
            Long(o["delayTime"]), Long(o["executionTime"]), o["workerId"] is JsonValue w && w.TryGetValue<string>(out var worker) ? worker : null);
    }

    private static long? Long(JsonNode? node) =>
        node is not JsonValue v ? null : v.TryGetValue<long>(out var l) ? l : v.TryGetValue<double>(out var d) ? (long)d : null;
}
