namespace Orchestrator.Core.Ports;

/// <summary>
/// The database of tasks and workers. Every method throws <see cref="StoreException"/> when the store
/// cannot answer; it never returns "no workers" or "no tasks" for an error.
/// </summary>
public interface IFleetStore
{
    /// <summary>
    /// One consistent read of demand, live workers and recent outcomes, in a number of round trips
    /// that does not depend on fleet size or history.
    /// </summary>
    Task<StoreObservation> ObserveAsync(ObservationRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts the <c>workers</c> row and the orchestrator state <c>Requested</c>. Must run before the
    /// pod create call. Idempotent: registering an existing id again changes nothing.
    /// </summary>
    Task RegisterWorkerAsync(WorkerRegistration registration, CancellationToken cancellationToken);

    /// <summary>
    /// Applies <paramref name="change"/> if the stored state is still <see cref="WorkerChange.From"/>.
    /// Returns false (and changes nothing) when the worker is unknown or its state moved on.
    /// A terminated worker is never changed again.
    /// </summary>
    Task<bool> ApplyAsync(WorkerChange change, CancellationToken cancellationToken);

    /// <summary>
    /// For a fenced worker (pod confirmed gone): its <c>In Progress</c> tasks go back to <c>Queued</c>
    /// with <c>attempts + 1</c>, or to <c>Failed</c> with <paramref name="reason"/> once attempts would
    /// exceed <paramref name="maxAttempts"/>. With <paramref name="spendAttempt"/> false (a spot interruption, not the
    /// task's fault) they go back to <c>Queued</c> with <c>attempts</c> unchanged and never fail.
    /// Idempotent: a second call finds nothing to do.
    /// </summary>
    Task<RequeueResult> RequeueTasksAsync(string workerId, int maxAttempts, string reason, DateTimeOffset at, bool spendAttempt, CancellationToken cancellationToken);

    /// <summary>Appends audit rows. Not idempotent (a retry may duplicate rows).</summary>
    Task AppendEventsAsync(IReadOnlyList<ScalingEvent> events, CancellationToken cancellationToken);

    /// <summary>Sets or clears the operator kill switch (no new spawns while set).</summary>
    Task SetPausedAsync(bool paused, string? reason, DateTimeOffset at, CancellationToken cancellationToken);
}
