using Orchestrator.Core.Domain;
using Orchestrator.Simulation;
using Orchestrator.TestSupport;
using Orchestrator.Core.Ports;

namespace Orchestrator.Tests.RunPod;

/// <summary>
/// The database, with a process kill simulated right after a pod create: the write that would record
/// the new pod (requested → spawning, pod-created) throws, so the row never learns its pod id.
/// </summary>
public sealed class CrashingFleetStore(InMemoryFleetStore inner) : IFleetStore
{
    public int CrashesLeft { get; set; } = 1;

    public Task<bool> ApplyAsync(WorkerChange change, CancellationToken cancellationToken)
    {
        if (change.Reason == ReasonCodes.PodCreated && CrashesLeft > 0)
        {
            CrashesLeft--;
            throw new StoreException("simulated kill between pod create and database update");
        }
        return inner.ApplyAsync(change, cancellationToken);
    }

    public Task<StoreObservation> ObserveAsync(ObservationRequest request, CancellationToken cancellationToken) => inner.ObserveAsync(request, cancellationToken);

    public Task RegisterWorkerAsync(WorkerRegistration registration, CancellationToken cancellationToken) => inner.RegisterWorkerAsync(registration, cancellationToken);

    public Task<RequeueResult> RequeueTasksAsync(string workerId, int maxAttempts, string reason, DateTimeOffset at, bool spendAttempt, CancellationToken cancellationToken) =>
        inner.RequeueTasksAsync(workerId, maxAttempts, reason, at, spendAttempt, cancellationToken);

    public Task AppendEventsAsync(IReadOnlyList<ScalingEvent> events, CancellationToken cancellationToken) => inner.AppendEventsAsync(events, cancellationToken);

    public Task SetPausedAsync(bool paused, string? reason, DateTimeOffset at, CancellationToken cancellationToken) => inner.SetPausedAsync(paused, reason, at, cancellationToken);
}
