using Orchestrator.Core.Domain;

namespace Orchestrator.RunPod;

/// <summary>
/// RunPod's <c>desiredStatus</c> to <see cref="PodStatus"/>. RUNNING means "asked to run": the pod is only
/// running once it has a runtime (GraphQL) or port mappings (REST); before that it is provisioning.
/// </summary>
public static class PodStatusMapper
{
    public static PodStatus Map(string? desiredStatus, bool hasRuntime) => desiredStatus?.ToUpperInvariant() switch
    {
        "RUNNING" => hasRuntime ? PodStatus.Running : PodStatus.Provisioning,
        "CREATED" or "PROVISIONING" or "STARTING" or "RESTARTING" or "PENDING" => PodStatus.Provisioning,
        "EXITED" or "STOPPED" or "PAUSED" => PodStatus.Exited,
        "TERMINATED" or "TERMINATING" or "DELETED" => PodStatus.Terminated,
        "FAILED" or "ERROR" => PodStatus.Failed,
        null or "" => PodStatus.Unknown,
        _ => PodStatus.Unknown,
    };
}
