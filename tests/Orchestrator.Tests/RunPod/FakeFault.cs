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
    /// <summary>Answers <see cref="FakeFault.Status"/> with <see cref="FakeFault.Body"/> byte for byte (malformed JSON, bytes that are not UTF-8, hostile shapes).</summary>
    Body,
    /// <summary>Answers 200 with a JSON prefix and then <see cref="FakeFault.Size"/> bytes of padding, streamed (Content-Length declared when <see cref="FakeFault.DeclareLength"/>).</summary>
    HugeBody,
}

/// <summary>One queued fault; <see cref="Operation"/> null matches any call ("create", "list", "get", "terminate", "stop", "gpu-types", "volumes").</summary>
public sealed record FakeFault(FakeFaultKind Kind, string? Operation = null, int RetryAfterSeconds = 0)
{
    public int Status { get; init; } = 200;
    public byte[] Body { get; init; } = [];
    public long Size { get; init; }
    public bool DeclareLength { get; init; }
}
