using Orchestrator.Core.Domain;

namespace Orchestrator.Core.Ports;

/// <summary>
/// A GPU cloud holding one pod per worker, the pod named after the worker id.
/// Errors that are not expected outcomes throw <see cref="CloudException"/> with an <see cref="ErrorKind"/>.
/// </summary>
public interface IGpuCloud
{
    /// <summary>
    /// Creates the pod for <see cref="PodRequest.WorkerId"/>. Idempotent by name: when a pod with that
    /// name exists it is returned instead of creating a second one. Not retried blindly by callers:
    /// a lost answer is reconciled by the next cycle through <see cref="ListPodsAsync"/>.
    /// </summary>
    Task<PodCreateOutcome> CreatePodAsync(PodRequest request, CancellationToken cancellationToken);

    /// <summary>All pods whose name carries our prefix, in any status. Read-only, safe to retry.</summary>
    Task<IReadOnlyList<PodInfo>> ListPodsAsync(CancellationToken cancellationToken);

    /// <summary>One pod by id; null when the cloud does not know it.</summary>
    Task<PodInfo?> GetPodAsync(string podId, CancellationToken cancellationToken);

    /// <summary>Requests termination. Idempotent; an unknown pod answers <see cref="TerminateOutcome.AlreadyGone"/>.</summary>
    Task<TerminateOutcome> TerminatePodAsync(string podId, CancellationToken cancellationToken);
}
