using Orchestrator.Core.Domain;
using Orchestrator.Core.Options;
using Orchestrator.Core.Ports;

namespace Orchestrator.Persistence;

/// <summary>
/// How demand is counted, and how its counts become a <see cref="DemandSignal"/>. The counting itself is
/// <c>orchestrator_observe</c>'s (migration 010): <c>reigh</c> uses <c>count_eligible_tasks_service_role</c>
/// (what Reigh's own <c>task-counts</c> reports: dependencies done, credits, cloud enabled, per-user limit 5)
/// beside the raw Queued count of the run type; <c>plain</c> counts Queued and In Progress rows. Both cap
/// claimable work by task age.
/// </summary>
internal sealed class DemandChoice
{
    private DemandChoice(bool reigh) => UsesReigh = reigh;

    public bool UsesReigh { get; }

    /// <summary>The <c>source</c> the observe function reports for this choice.</summary>
    public string Source => UsesReigh ? "reigh-eligible" : "plain-count";

    /// <summary>Counts the observe function returns: reigh: queued, fresh, queued_only, queued_plus_active, arrived; plain: queued, fresh, in_progress, arrived.</summary>
    public int CountColumns => UsesReigh ? 5 : 4;

    /// <summary>The choice for <paramref name="mode"/>; <c>reigh</c> without the function is a configuration error.</summary>
    public static DemandChoice For(string mode, bool hasFunction) => mode switch
    {
        "plain" => new DemandChoice(false),
        "reigh" when !hasFunction => throw new StoreException(
            $"DEMAND_MODE reigh: the database has no {StoreFunctions.EligibilitySignature}; load Reigh's schema or set DEMAND_MODE=plain",
            kind: ErrorKind.Configuration),
        "reigh" => new DemandChoice(true),
        _ => new DemandChoice(hasFunction),
    };

    /// <summary>The signal from the counts, in the order of <see cref="CountColumns"/>.</summary>
    public DemandSignal FromCounts(IReadOnlyList<int> counts, DemandOptions options)
    {
        var queued = counts[0];
        var fresh = counts[1];
        if (!UsesReigh)
        {
            return new DemandSignal(queued, fresh, counts[2], Source)
            {
                TooOld = queued - fresh, RecentArrivals = counts[3], ArrivalWindow = options.ArrivalWindow,
            };
        }
        var queuedOnly = counts[2];
        var queuedPlusActive = counts[3];
        return new DemandSignal(queued, Math.Min(queuedOnly, fresh), Math.Max(0, queuedPlusActive - queuedOnly), Source)
        {
            TooOld = queued - fresh, RecentArrivals = counts[4], ArrivalWindow = options.ArrivalWindow,
        };
    }
}
