namespace Orchestrator.Tests.RunPod;

/// <summary>What the fake does instead of answering normally.</summary>
public enum FakeFaultKind
{
    ServerError,
    RateLimited,
    Timeout,
    MalformedJson,
    /// <summary>Performs the create, then drops the connection: RunPod has the pod, the client never hears.</summary>
    LoseAnswer,
    Unauthorized,
    GraphQlInternalError,
}

/// <summary>One queued fault; <see cref="Operation"/> null matches any call ("create", "list", "get", "terminate", "stop", "gpu-types", "volumes").</summary>
public sealed record FakeFault(FakeFaultKind Kind, string? Operation = null, int RetryAfterSeconds = 0);
