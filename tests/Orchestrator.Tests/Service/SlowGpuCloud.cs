using Orchestrator.Core.Domain;
using Orchestrator.Simulation;
using Orchestrator.TestSupport;
using Orchestrator.Core.Ports;

namespace Orchestrator.Tests.Service;

/// <summary>
/// The in-memory cloud with a slow pod create (a real create takes seconds), recording when each create
/// was called. The delay ignores the caller's token, like a request already on the wire.
/// </summary>
public sealed class SlowGpuCloud(InMemoryGpuCloud inner, TimeSpan createDelay) : IGpuCloud
{
    private readonly TaskCompletionSource _firstCreate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public InMemoryGpuCloud Inner => inner;

    /// <summary>Completes when the first create call starts.</summary>
    public Task FirstCreateStarted => _firstCreate.Task;

    /// <summary>When each create call started.</summary>
    public List<DateTimeOffset> CreateStarts { get; } = [];

    public async Task<PodCreateOutcome> CreatePodAsync(PodRequest request, CancellationToken cancellationToken)
    {
        lock (CreateStarts)
        {
            CreateStarts.Add(DateTimeOffset.UtcNow);
        }
        _firstCreate.TrySetResult();
        await Task.Delay(createDelay, CancellationToken.None);
        return await inner.CreatePodAsync(request, cancellationToken);
    }

    public Task<IReadOnlyList<PodInfo>> ListPodsAsync(CancellationToken cancellationToken) => inner.ListPodsAsync(cancellationToken);

    public Task<PodInfo?> GetPodAsync(string podId, CancellationToken cancellationToken) => inner.GetPodAsync(podId, cancellationToken);

    public Task<TerminateOutcome> TerminatePodAsync(string podId, CancellationToken cancellationToken) => inner.TerminatePodAsync(podId, cancellationToken);
}
