namespace Orchestrator.Chaos;

/// <summary>What the <see cref="FaultProxy"/> did to one call.</summary>
public enum FaultKind
{
    None,
    ServerError,
    RateLimited,
    Hang,
    LoseAnswer,
}

/// <summary>One RunPod call as the proxy saw it: create, terminate, stop, list, get, gpu-types, volumes.</summary>
public sealed record ProxiedCall(DateTimeOffset At, string Operation, FaultKind Fault)
{
    public bool IsMutation => Operation is "create" or "terminate" or "stop";
}
