using Orchestrator.Core.Domain;

namespace Orchestrator.RunPod;

/// <summary>
/// RunPod's pod status words to <see cref="PodStatus"/>, one table for both dialects (REST v2 <c>status</c>,
/// GraphQL <c>desiredStatus</c>). RUNNING means "asked to run": the pod runs only once it has a runtime.
/// Only the words RunPod documents or reports are listed; anything else is <see cref="PodStatus.Unknown"/>,
/// which the lifecycle treats as dead (terminate, replace), never as alive. A missing status reads as
/// provisioning: the boot timeout bounds it.
/// </summary>
public static class PodStatusMapper
{
    /// <summary>Every status word the adapter knows, with what it becomes (docs/runpod.md lists the decisions).</summary>
    public static IReadOnlyDictionary<string, PodStatus> Known { get; } = new Dictionary<string, PodStatus>(StringComparer.Ordinal)
    {
        ["CREATED"] = PodStatus.Provisioning,      // GraphQL
        ["PROVISIONING"] = PodStatus.Provisioning, // REST v2
        ["STARTING"] = PodStatus.Provisioning,     // REST v2
        ["RESTARTING"] = PodStatus.Provisioning,   // GraphQL
        ["RUNNING"] = PodStatus.Running,           // both; provisioning until a runtime exists
        ["EXITED"] = PodStatus.Exited,             // both: container stopped, not ours to restart
        ["PAUSED"] = PodStatus.Exited,             // GraphQL
        ["ERROR"] = PodStatus.Failed,              // REST v2: still exists, still bills
        ["DEAD"] = PodStatus.Failed,               // GraphQL: will not run again
        ["TERMINATED"] = PodStatus.Terminated,     // both: deleted
    };

    public static PodStatus Map(string? status, bool hasRuntime)
    {
        if (string.IsNullOrWhiteSpace(status))
        {
            return PodStatus.Provisioning;
        }
        var mapped = Known.GetValueOrDefault(status.Trim().ToUpperInvariant(), PodStatus.Unknown);
        return mapped == PodStatus.Running && !hasRuntime ? PodStatus.Provisioning : mapped;
    }
}
