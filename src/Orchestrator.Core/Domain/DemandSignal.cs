namespace Orchestrator.Core.Domain;

/// <summary>
/// Work waiting for GPUs. <see cref="Claimable"/> is what scaling uses: queued tasks a worker could
/// claim now (dependencies done, user has credits and cloud enabled, per-user limit), younger than the
/// demand age limit. <see cref="Queued"/> is the raw count, reported beside it so an operator can see
/// why the service did (not) scale.
/// </summary>
public sealed record DemandSignal(int Queued, int Claimable, int Running, string Source)
{
    /// <summary>Queued tasks excluded only because they are older than the demand age limit.</summary>
    public int TooOld { get; init; }

    /// <summary>Tasks created within the last <see cref="ArrivalWindow"/>, whatever their status now: the recent arrival rate.</summary>
    public int RecentArrivals { get; init; }

    /// <summary>The window <see cref="RecentArrivals"/> counts over; zero when the store does not count arrivals.</summary>
    public TimeSpan ArrivalWindow { get; init; }

    public static DemandSignal None { get; } = new(0, 0, 0, "none");
}
