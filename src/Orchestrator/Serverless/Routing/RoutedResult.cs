using System.Text.Json.Nodes;
using Orchestrator.Serverless.Api;

namespace Orchestrator.Serverless.Routing;

/// <summary>One normalised answer whatever route served it, with the route, the request id and the durations.</summary>
/// <param name="Route">"pod" or "serverless".</param>
/// <param name="PodSkippedOrFailed">Why the pod did not serve the request (not configured, not ready, failed), or null when it did.</param>
public sealed record RoutedResult(string Route, string RequestId, string? EndpointId, JobState State, bool DeadlinePassed, string? CancelError,
    string? PodSkippedOrFailed, TimeSpan? PodDuration, TimeSpan? ServerlessDuration, TimeSpan TotalDuration)
{
    public bool Succeeded => !DeadlinePassed && State.Status == JobStatuses.Completed;

    public JsonObject ToJson() => new()
    {
        ["route"] = Route,
        ["request_id"] = RequestId,
        ["endpoint_id"] = EndpointId,
        ["id"] = State.Id,
        ["status"] = DeadlinePassed ? "CANCELLED_BY_CLIENT" : State.Status,
        ["output"] = State.Output?.DeepClone(),
        ["error"] = DeadlinePassed ? $"no result in time; cancel {(CancelError is null ? "sent" : "failed: " + CancelError)}" : State.Error,
        ["pod_fallback_reason"] = PodSkippedOrFailed,
        ["durations_ms"] = new JsonObject
        {
            ["pod"] = Ms(PodDuration),
            ["serverless"] = Ms(ServerlessDuration),
            ["total"] = (long)TotalDuration.TotalMilliseconds,
            ["delay"] = State.DelayTimeMs,
            ["execution"] = State.ExecutionTimeMs,
        },
    };

    private static long? Ms(TimeSpan? span) => span is { } s ? (long)s.TotalMilliseconds : null;
}
