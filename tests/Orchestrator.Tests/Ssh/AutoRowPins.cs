using Orchestrator.Core.Domain;
using Orchestrator.Simulation;
using Orchestrator.TestSupport;
using Orchestrator.Core.Ports;

namespace Orchestrator.Tests.Ssh;

/// <summary>The in-memory store's pins, with a worker row made for a pod id the first time it is seen (tests that bootstrap by hand).</summary>
internal sealed class AutoRowPins(InMemoryFleetStore store) : IHostKeyPins
{
    public async Task<string?> PinHostKeyAsync(string podId, string? fingerprint, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (!store.Workers.Any(w => w.PodId == podId))
        {
            var workerId = $"gpu-row-{podId}";
            await store.RegisterWorkerAsync(new WorkerRegistration(workerId, "test", at, Guid.Empty), cancellationToken);
            await store.ApplyAsync(new WorkerChange { WorkerId = workerId, From = WorkerState.Requested, To = WorkerState.Spawning, At = at, PodId = podId }, cancellationToken);
        }
        return await store.PinHostKeyAsync(podId, fingerprint, at, cancellationToken);
    }
}
