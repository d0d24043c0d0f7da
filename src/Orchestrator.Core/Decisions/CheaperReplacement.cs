using Orchestrator.Core.Domain;
using Orchestrator.Core.Options;

namespace Orchestrator.Core.Decisions;

/// <summary>
/// Swaps a worker held idle for long (typically the floor at night) on a GPU type dearer than another live worker of
/// the same kind (spot or not) for a new pod: one more worker is wanted while a pod boots; once it is up, the
/// ordinary scale-down lets the dearest idle worker go (the old one, or the new one if it landed on a dearer type).
/// No new try within <see cref="ScalingOptions.ReplaceDearBackoff"/> of the last try this process made or of the
/// newest live worker's creation, so a cheaper type out of stock costs at most one boot per back-off. The last try
/// is kept in memory: a restart (or a one-shot <c>once</c>) may try once more.
/// </summary>
internal sealed class CheaperReplacement(ScalingOptions options)
{
    private DateTimeOffset _lastTry = DateTimeOffset.MinValue;

    /// <summary>Extra workers wanted this cycle (0 or 1); a reason is added when 1.</summary>
    public int Extra(ScalingInput input, FleetCounts counts, List<string> reasons)
    {
        if (options.ReplaceDearIdleAfter <= TimeSpan.Zero || input.Demand.Claimable > 0 || Dearest(input) is not { } dear)
        {
            return 0;
        }
        if (counts.Booting > 0)
        {
            reasons.Add($"keep one more: {dear.Id} ({dear.CostPerHour:0.###} $/h, idle since {dear.IdleSince:HH:mm:ss}) is being replaced by a cheaper pod");
            return 1;
        }
        var newest = input.Workers.Max(w => w.CreatedAt);
        var since = newest > _lastTry ? newest : _lastTry;
        if (input.Now - since < options.ReplaceDearBackoff || counts.Capacity >= options.MaxActive)
        {
            return 0;
        }
        _lastTry = input.Now;
        reasons.Add($"one more: {dear.Id} ({dear.CostPerHour:0.###} $/h, idle since {dear.IdleSince:HH:mm:ss}) costs more than a live worker of the same kind; the dearest idle goes once a new pod is up");
        return 1;
    }

    private WorkerView? Dearest(ScalingInput input) =>
        input.Workers
            .Where(w => w.State == WorkerState.Active && !w.IsBusy && input.Now - w.IdleSince >= options.ReplaceDearIdleAfter)
            .Where(w => w.CostPerHour is { } price && input.Workers.Any(o => o.Spot == w.Spot && o.CostPerHour is { } other && other * 1.05m < price))
            .OrderByDescending(w => w.CostPerHour)
            .FirstOrDefault();
}
