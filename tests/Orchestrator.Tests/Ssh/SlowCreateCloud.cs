using Orchestrator.Core.Domain;
using Orchestrator.Simulation;
using Orchestrator.TestSupport;
using Orchestrator.Core.Ports;

namespace Orchestrator.Tests.Ssh;

/// <summary>The in-memory cloud with a create that takes a while, counting how many creates are in flight at once.</summary>
internal sealed class SlowCreateCloud(InMemoryGpuCloud inner, TimeSpan latency) : IGpuCloud
{
    private int _inFlight;
    private int _peak;
    private int _calls;

    public int PeakInFlight => Volatile.Read(ref _peak);
    public int Calls => Volatile.Read(ref _calls);

    public async Task<PodCreateOutcome> CreatePodAsync(PodRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        var now = Interlocked.Increment(ref _inFlight);
        int peak;
        while (now > (peak = Volatile.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, peak) != peak)
        {
        }
        try
        {
            await Task.Delay(latency, cancellationToken);
            return await inner.CreatePodAsync(request, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public Task<IReadOnlyList<PodInfo>> ListPodsAsync(CancellationToken cancellationToken) => inner.ListPodsAsync(cancellationToken);

    public Task<PodInfo?> GetPodAsync(string podId, CancellationToken cancellationToken) => inner.GetPodAsync(podId, cancellationToken);

    public Task<TerminateOutcome> TerminatePodAsync(string podId, CancellationToken cancellationToken) => inner.TerminatePodAsync(podId, cancellationToken);
}
