using Orchestrator.Core.Domain;

namespace Orchestrator.Core.Decisions;

/// <summary>What the default policy estimates from one snapshot: boot time, task length, recent arrival rate.</summary>
internal static class FleetEstimates
{
    /// <summary>Median create → active of the active workers; null when none has been observed.</summary>
    public static TimeSpan? ObservedBoot(ScalingInput input)
    {
        var boots = input.Workers.Where(w => w.State == WorkerState.Active && w.StateSince > w.CreatedAt)
            .Select(w => w.StateSince - w.CreatedAt).Order().ToList();
        return boots.Count == 0 ? null : boots[boots.Count / 2];
    }

    /// <summary>
    /// Tasks a busy worker finishes while a new pod boots: observed boot time over the task length estimated
    /// from running tasks (twice their mean age). 0 when there is nothing to estimate from.
    /// </summary>
    public static double BootToTaskRatio(ScalingInput input)
    {
        var ages = input.Workers.Where(w => w.State == WorkerState.Active && w.OldestRunningTask is not null)
            .Select(w => (input.Now - w.OldestRunningTask!.StartedAt).TotalSeconds).ToList();
        if (ObservedBoot(input) is not { } boot || ages.Count == 0)
        {
            return 0;
        }
        return boot.TotalSeconds / Math.Max(2 * ages.Average(), 1);
    }

    /// <summary>
    /// Tasks expected to arrive within one boot time at the recent rate; null when the store does not count
    /// arrivals. Without an observed boot, <paramref name="fallbackBoot"/> stands in.
    /// </summary>
    public static double? ArrivalsPerBoot(ScalingInput input, TimeSpan fallbackBoot)
    {
        var window = input.Demand.ArrivalWindow;
        if (window <= TimeSpan.Zero)
        {
            return null;
        }
        var boot = ObservedBoot(input) ?? fallbackBoot;
        return input.Demand.RecentArrivals * boot.TotalSeconds / window.TotalSeconds;
    }
}
