using Orchestrator.Core.Domain;

namespace Orchestrator.Core.Decisions;

/// <summary>Counts a policy reasons about.</summary>
public sealed record FleetCounts(int Active, int Busy, int Booting)
{
    public int Capacity => Active + Booting;

    public int Idle => Active - Busy;

    public static FleetCounts Of(IReadOnlyList<WorkerView> workers)
    {
        var active = workers.Where(w => w.State == WorkerState.Active).ToList();
        return new FleetCounts(active.Count, active.Count(w => w.IsBusy), workers.Count(w => w.State.IsBooting()));
    }
}
