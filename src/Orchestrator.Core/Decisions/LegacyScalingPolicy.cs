using Orchestrator.Core.Domain;
using Orchestrator.Core.Options;

namespace Orchestrator.Core.Decisions;

/// <summary>
/// The Python orchestrator's scaling, re-expressed as a policy (SCALING_POLICY=legacy) so the simulator
/// can replay it beside the default. Its documented behaviour (reference §1.3, §1.10, §1.11, §1.5):
/// <list type="bullet">
/// <item>desired = min(max(MIN, ceil(workload × mult), busy + keep_idle), MAX), workload = queued + running;</item>
/// <item>over capacity with nothing queued, booting workers older than 180 s are cut first, newest first
/// (early target max(MIN, ceil(workload × 0.9), keep_idle));</item>
/// <item>over the target, idle active workers go after <see cref="ScalingOptions.OvercapacityIdleTimeout"/>
/// (30 s), idleness measured from the last work or from creation, newest first, n = min(terminatable,
/// idle − keep_idle, total − desired, active − MIN);</item>
/// <item>with nothing queued, idle workers past <see cref="ScalingOptions.IdleTimeout"/> go while active &gt; MIN;</item>
/// <item>scale-up: desired − capacity, capped by MAX only (no per-cycle cap).</item>
/// </list>
/// The shared safety gates (pause, spend cap, breaker) still apply. Never terminates a busy worker.
/// </summary>
public sealed class LegacyScalingPolicy(ScalingOptions options) : IScalingPolicy
{
    /// <summary>SPAWNING_GRACE_PERIOD_SEC: booting workers younger than this are never cut early.</summary>
    public static readonly TimeSpan SpawningGrace = TimeSpan.FromSeconds(180);

    /// <summary>SCALE_DOWN_MULTIPLIER of the early-termination phase.</summary>
    public const double ScaleDownMultiplier = 0.9;

    public string Name => "legacy";

    public ScalingDecision Decide(ScalingInput input)
    {
        var reasons = new List<string>();
        var workload = input.Demand.Claimable + input.Demand.Running;
        var early = EarlyCuts(input, workload, reasons);
        var workers = input.Workers.Where(w => !early.Any(e => e.Id == w.Id)).ToList();
        var counts = FleetCounts.Of(workers);
        var taskBased = workload > 0 ? Math.Max(1, (int)Math.Ceiling(workload * options.ScaleUpMultiplier)) : 0;
        var desired = Math.Min(Math.Max(options.MinActive, Math.Max(taskBased, counts.Busy + options.WarmBuffer)), options.MaxActive);
        reasons.Add($"legacy target {desired} = min(max(floor {options.MinActive}, workload {taskBased} [queued {input.Demand.Claimable} + running {input.Demand.Running}], buffer {counts.Busy + options.WarmBuffer}), ceiling {options.MaxActive})");
        var cuts = IdleCuts(input, workers, counts, desired, reasons);
        var capacity = counts.Capacity - cuts.Count;
        var missing = Math.Min(desired - capacity, options.MaxActive - capacity);
        var spawn = missing > 0 ? Math.Min(missing, SpawnGates.Allowed(input, counts, options, reasons)) : 0;
        reasons.Add(spawn > 0 ? $"legacy spawn {spawn} (capacity {capacity}, desired {desired})" : $"legacy no spawn: capacity {capacity}, desired {desired}");
        return new ScalingDecision
        {
            Desired = desired,
            Capacity = counts.Capacity,
            Active = counts.Active,
            Busy = counts.Busy,
            Spawn = spawn,
            SpawnReason = spawn == 0 ? "" : input.Demand.Claimable > 0 ? ReasonCodes.ScaleUpDemand : ReasonCodes.ScaleUpFloor,
            Terminate = [.. early.Select(e => e.Id), .. cuts.Select(c => c.Id)],
            TerminateReasons = early.Concat(cuts).ToDictionary(t => t.Id, t => t.Reason, StringComparer.Ordinal),
            Reasons = reasons,
        };
    }

    /// <summary>Phase 1.5: cut booting workers past the spawning grace when over capacity and nothing is queued.</summary>
    private List<(string Id, string Reason)> EarlyCuts(ScalingInput input, int workload, List<string> reasons)
    {
        var counts = FleetCounts.Of(input.Workers);
        var downBased = workload > 0 ? Math.Max(1, (int)Math.Ceiling(workload * ScaleDownMultiplier)) : 0;
        var earlyDesired = Math.Min(Math.Max(options.MinActive, Math.Max(downBased, options.WarmBuffer)), options.MaxActive);
        if (counts.Capacity <= earlyDesired || input.Demand.Claimable > 0)
        {
            return [];
        }
        var eligible = input.Workers
            .Where(w => w.State.IsBooting() && input.Now - w.CreatedAt > SpawningGrace)
            .OrderByDescending(w => w.CreatedAt)
            .ToList();
        var n = Math.Min(counts.Capacity - earlyDesired, eligible.Count);
        if (n > 0)
        {
            reasons.Add($"legacy early termination of {n} booting worker(s): capacity {counts.Capacity} above {earlyDesired}, nothing queued");
        }
        return eligible.Take(n).Select(w => (w.Id, ReasonCodes.SurplusBootCancelled)).ToList();
    }

    /// <summary>Phase 4 over-capacity cuts, then the Phase 2 idle-timeout cut while nothing is queued.</summary>
    private List<(string Id, string Reason)> IdleCuts(ScalingInput input, List<WorkerView> workers, FleetCounts counts, int desired, List<string> reasons)
    {
        var idle = workers.Where(w => w.State == WorkerState.Active && !w.IsBusy).ToList();
        var total = counts.Capacity;
        var cuts = new List<(string Id, string Reason)>();
        if (total > desired)
        {
            var terminatable = IdleLongerThan(idle, input.Now, options.OvercapacityIdleTimeout);
            var n = Min(terminatable.Count, idle.Count - options.WarmBuffer, total - desired, counts.Active - options.MinActive);
            cuts.AddRange(terminatable.Take(n).Select(w => (w.Id, ReasonCodes.IdleOverCapacity)));
            reasons.Add($"legacy over capacity ({total} > {desired}): terminate {n} idle past {options.OvercapacityIdleTimeout.TotalSeconds:0}s");
        }
        else if (input.Demand.Claimable == 0)
        {
            var stale = IdleLongerThan(idle, input.Now, options.IdleTimeout);
            var n = Min(stale.Count, counts.Active - options.MinActive);
            cuts.AddRange(stale.Take(n).Select(w => (w.Id, ReasonCodes.IdleTimeout)));
            if (n > 0)
            {
                reasons.Add($"legacy idle timeout: terminate {n} idle past {options.IdleTimeout.TotalSeconds:0}s with nothing queued");
            }
        }
        return cuts;
    }

    /// <summary>Legacy idleness: from the last claim or completion, else from creation (not activation); newest first.</summary>
    private static List<WorkerView> IdleLongerThan(List<WorkerView> idle, DateTimeOffset now, TimeSpan timeout) => idle
        .Where(w => now - (w.LastWorkAt ?? w.CreatedAt) > timeout)
        .OrderByDescending(w => w.CreatedAt)
        .ToList();

    private static int Min(params int[] values) => Math.Max(0, values.Min());
}
