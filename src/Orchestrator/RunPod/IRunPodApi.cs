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

    /// <summary>Not retried: a lost answer is found by name later.</summary>
    Task<PodInfo> CreatePodAsync(DeploySpec spec, CancellationToken cancellationToken);

    /// <summary>Every pod of the account, any name. Retried.</summary>
    Task<IReadOnlyList<PodInfo>> ListPodsAsync(CancellationToken cancellationToken);

    /// <summary>Null when RunPod does not know the id.</summary>
    Task<PodInfo?> GetPodAsync(string podId, CancellationToken cancellationToken);

    /// <summary>False when the pod was not found (already gone).</summary>
    Task<bool> TerminatePodAsync(string podId, CancellationToken cancellationToken);

    /// <summary>False when the pod was not found.</summary>
    Task<bool> StopPodAsync(string podId, CancellationToken cancellationToken);

    Task<IReadOnlyList<GpuTypeInfo>> ListGpuTypesAsync(bool secureCloud, CancellationToken cancellationToken);

    Task<IReadOnlyList<NetworkVolumeInfo>> ListNetworkVolumesAsync(CancellationToken cancellationToken);
}
