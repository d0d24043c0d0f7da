using System.Diagnostics;
using Orchestrator.Core.Domain;
using Orchestrator.TestSupport;
using Orchestrator.Core.Ports;

namespace Orchestrator.Benchmarks;

/// <summary>The in-memory cloud, noting the moment of the first pod create call (for the <c>wakeup</c> benchmark).</summary>
public sealed class CreateTimingCloud(InMemoryGpuCloud inner) : IGpuCloud
{
    private readonly TaskCompletionSource<long> _firstCreate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary><see cref="Stopwatch.GetTimestamp"/> of the first create call.</summary>
    public Task<long> FirstCreate => _firstCreate.Task;

    public Task<PodCreateOutcome> CreatePodAsync(PodRequest request, CancellationToken cancellationToken)
    {
        _firstCreate.TrySetResult(Stopwatch.GetTimestamp());
        return inner.CreatePodAsync(request, cancellationToken);
    }

    public Task<IReadOnlyList<PodInfo>> ListPodsAsync(CancellationToken cancellationToken) => inner.ListPodsAsync(cancellationToken);

    public Task<PodInfo?> GetPodAsync(string podId, CancellationToken cancellationToken) => inner.GetPodAsync(podId, cancellationToken);

    public Task<TerminateOutcome> TerminatePodAsync(string podId, CancellationToken cancellationToken) => inner.TerminatePodAsync(podId, cancellationToken);
}
