using Orchestrator.Core.Domain;

namespace Orchestrator.RunPod;

/// <summary>
/// One RunPod API dialect (GraphQL or REST). Every method throws <see cref="Orchestrator.Core.Ports.CloudException"/>
/// with its <see cref="Orchestrator.Core.Ports.ErrorKind"/> (capacity, auth, API, transient); "not found" is data.
/// </summary>
public interface IRunPodApi
{
    /// <summary>"graphql" or "rest".</summary>
    string Dialect { get; }

    /// <summary>True when a create can ask for a RAM minimum (GraphQL <c>minMemoryInGb</c>), so memory tiers are walked; REST v2 cannot.</summary>
    bool HasMemoryTiers { get; }

    /// <summary>
    /// Not retried blindly (only a 429, which RunPod answers before acting). A refusal is an answer
    /// (<see cref="CreateAnswer.Refused"/>); a timeout or lost answer throws, and the pod is found by name later.
    /// </summary>
    Task<CreateAnswer> CreatePodAsync(DeploySpec spec, CancellationToken cancellationToken);

    /// <summary>Every pod of the account, any name. Retried.</summary>
    Task<IReadOnlyList<PodInfo>> ListPodsAsync(CancellationToken cancellationToken);

    /// <summary>Null when RunPod does not know the id.</summary>
    Task<PodInfo?> GetPodAsync(string podId, CancellationToken cancellationToken);

    /// <summary>False when the pod was not found (already gone). Idempotent, so retried and hedged inside the call (<see cref="RunPodPipelines.Terminates"/>).</summary>
    Task<bool> TerminatePodAsync(string podId, CancellationToken cancellationToken);

    /// <summary>False when the pod was not found.</summary>
    Task<bool> StopPodAsync(string podId, CancellationToken cancellationToken);

    Task<IReadOnlyList<GpuTypeInfo>> ListGpuTypesAsync(bool secureCloud, CancellationToken cancellationToken);

    Task<IReadOnlyList<NetworkVolumeInfo>> ListNetworkVolumesAsync(CancellationToken cancellationToken);
}
