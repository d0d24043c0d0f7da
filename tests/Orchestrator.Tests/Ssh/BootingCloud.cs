using System.Collections.Concurrent;
using System.Diagnostics;
using Orchestrator.Core.Domain;
using Orchestrator.Simulation;
using Orchestrator.TestSupport;
using Orchestrator.Core.Ports;

namespace Orchestrator.Tests.Ssh;

/// <summary>
/// The in-memory cloud on the real clock for <c>bench bootstrap</c>: a create answers after <c>createLatency</c>, and the
/// pod reports RUNNING at <c>sshd</c> <c>bootTime</c> after its create was answered. Notes when each create was sent.
/// </summary>
public sealed class BootingCloud(InMemoryGpuCloud inner, SshEndpoint sshd, TimeSpan createLatency, TimeSpan bootTime) : IGpuCloud
{
    private readonly ConcurrentDictionary<string, long> _createdAt = new(StringComparer.Ordinal);

    /// <summary><see cref="Stopwatch.GetTimestamp"/> of each worker's create call.</summary>
    public IReadOnlyDictionary<string, long> CreateSentAt => _createdAt;

    public async Task<PodCreateOutcome> CreatePodAsync(PodRequest request, CancellationToken cancellationToken)
    {
        _createdAt.TryAdd(request.WorkerId, Stopwatch.GetTimestamp());
        await Task.Delay(createLatency, cancellationToken).ConfigureAwait(false);
        var outcome = await inner.CreatePodAsync(request, cancellationToken).ConfigureAwait(false);
        if (outcome is PodCreateOutcome.Created created)
        {
            _ = BootAsync(created.Pod.Id);
        }
        return outcome;
    }

    private async Task BootAsync(string podId)
    {
        await Task.Delay(bootTime).ConfigureAwait(false);
        inner.SetStatus(podId, PodStatus.Running, sshd);
    }

    public Task<IReadOnlyList<PodInfo>> ListPodsAsync(CancellationToken cancellationToken) => inner.ListPodsAsync(cancellationToken);

    public Task<PodInfo?> GetPodAsync(string podId, CancellationToken cancellationToken) => inner.GetPodAsync(podId, cancellationToken);

    public Task<TerminateOutcome> TerminatePodAsync(string podId, CancellationToken cancellationToken) => inner.TerminatePodAsync(podId, cancellationToken);
}
