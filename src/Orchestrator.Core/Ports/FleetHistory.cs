namespace Orchestrator.Core.Ports;

/// <summary>What <see cref="IFleetHistory"/> is asked for.</summary>
/// <param name="Now">The instant the spend is counted up to.</param>
/// <param name="SpendSince">The instant the spend is counted from (the status page: midnight UTC).</param>
/// <param name="Decisions">How many audit rows, newest first (the store caps it at 200).</param>
public sealed record HistoryRequest(DateTimeOffset Now, DateTimeOffset SpendSince, int Decisions);

/// <summary>
/// The answer of <see cref="IFleetHistory"/>. <see cref="Decisions"/> are audit rows newest first, without the
/// cycle rows that decided nothing (reason <c>steady</c>). <see cref="Spend"/> is each worker's cost per hour times
/// the part of its life (registered to terminated, or now) after <see cref="HistoryRequest.SpendSince"/>.
/// <see cref="OldestQueuedAt"/> is when the oldest queued task of the demand's run type was queued; null when none is.
/// </summary>
public sealed record FleetHistory(IReadOnlyList<ScalingEvent> Decisions, decimal Spend, DateTimeOffset? OldestQueuedAt)
{
    /// <summary>The audit kind and reason of a cycle row that decided nothing.</summary>
    public const string SteadyCycle = "steady";
}
