using Orchestrator.Core.Domain;

namespace Orchestrator.Observability;

/// <summary>
/// Whether a worker runs on spot (interruptible) or on-demand capacity, as the status page shows it: the worker's own
/// record (<see cref="WorkerView.Spot"/>, <c>workers.metadata.spot</c>, written when its pod was rented). This is the
/// one place the page decides it.
/// </summary>
public static class WorkerCapacityKind
{
    public const string Spot = "spot";
    public const string OnDemand = "on-demand";

    /// <summary><see cref="Spot"/> or <see cref="OnDemand"/> for <paramref name="worker"/>.</summary>
    public static string Of(WorkerView worker) => worker.Spot ? Spot : OnDemand;
}
