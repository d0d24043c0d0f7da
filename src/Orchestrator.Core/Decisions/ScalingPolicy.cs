using Orchestrator.Core.Domain;
using Orchestrator.Core.Options;

namespace Orchestrator.Core.Decisions;

/// <summary>
/// The default policy. Target = max(floor, busy + claimable demand, busy + warm buffer) (+ 1 while a long-idle worker
/// on a dearer GPU type is being replaced, <see cref="CheaperReplacement"/>), capped.
/// Booting workers count as capacity, so a slow boot never causes a double spawn. Idle workers above
/// the target go after <see cref="ScalingOptions.IdleTimeout"/> measured from their last work, never
/// below the floor of active workers, never a busy one.
/// </summary>
public sealed class ScalingPolicy(ScalingOptions options) : IScalingPolicy
{
    private readonly CheaperReplacement _replacement = new(options);

    public string Name => "default";

    public ScalingDecision Decide(ScalingInput input)
    {
        var reasons = new List<string>();
        var counts = FleetCounts.Of(input.Workers);
        var desired = Target(input, counts, reasons);
        var (spawn, spawnReason) = SpawnCount(input, counts, desired, reasons);
        var terminate = spawn > 0 ? [] : SurplusToTerminate(input, counts, desired, reasons);
        return new ScalingDecision
        {
            Desired = desired,
            Capacity = counts.Capacity,
            Active = counts.Active,
            Busy = counts.Busy,
            Spawn = spawn,
            SpawnReason = spawnReason,
            Terminate = [.. terminate.Select(t => t.Id)],
            TerminateReasons = terminate.ToDictionary(t => t.Id, t => t.Reason, StringComparer.Ordinal),
            Reasons = reasons,
        };
    }

    private int Target(ScalingInput input, FleetCounts counts, List<string> reasons)
    {
        var demand = input.Demand;
        var perBusy = Math.Min(options.QueuePerBusyWorker, FleetEstimates.BootToTaskRatio(input));
        var absorbed = Math.Min(demand.Claimable, (int)Math.Floor(counts.Busy * perBusy));
        var taskBased = (int)Math.Ceiling((counts.Busy + demand.Claimable - absorbed) * options.ScaleUpMultiplier);
        var bufferBased = counts.Busy + options.WarmBuffer;
        var replacing = _replacement.Extra(input, counts, reasons);
        var desired = Math.Min(Math.Max(options.MinActive, Math.Max(taskBased, bufferBased)) + replacing, options.MaxActive);
        reasons.Add($"target {desired} = min(max(floor {options.MinActive}, tasks {taskBased} [busy {counts.Busy} + claimable {demand.Claimable} - {absorbed} left to busy workers], buffer {bufferBased}) + {replacing} replacing a dearer idle worker, ceiling {options.MaxActive})");
        return desired;
    }

    internal (int Count, string Reason) SpawnCount(ScalingInput input, FleetCounts counts, int desired, List<string> reasons)
    {
        var missing = desired - counts.Capacity;
        if (missing <= 0)
        {
            reasons.Add($"no spawn: capacity {counts.Capacity} (active {counts.Active}, booting {counts.Booting}) covers target {desired}");
            return (0, "");
        }
        var reason = counts.Active + counts.Booting < options.MinActive && input.Demand.Claimable == 0
            ? ReasonCodes.ScaleUpFloor
            : input.Demand.Claimable > 0 ? ReasonCodes.ScaleUpDemand : ReasonCodes.ScaleUpBuffer;
        var gate = SpawnGates.Allowed(input, counts, options, reasons);
        var count = Math.Min(Math.Min(missing, gate), Math.Min(options.MaxSpawnsPerCycle, options.MaxActive - counts.Capacity));
        count = Math.Max(0, count);
        reasons.Add($"spawn {count} of {missing} missing ({reason})");
        return (count, reason);
    }

    /// <summary>
    /// Over the target with nothing claimable: first cancel pods still booting that nobody needs any more
    /// (their remaining boot is billed and buys nothing), newest first; then idle workers past the timeout.
    /// </summary>
    private IReadOnlyList<(string Id, string Reason)> SurplusToTerminate(ScalingInput input, FleetCounts counts, int desired, List<string> reasons)
    {
        var cancelled = new List<(string Id, string Reason)>();
        if (options.CancelSurplusBoots && input.Demand.Claimable == 0 && counts.Capacity > desired)
        {
            cancelled = input.Workers
                .Where(w => w.State == WorkerState.Spawning)
                .OrderByDescending(w => w.CostPerHour ?? 0m)
                .ThenByDescending(w => w.CreatedAt)
                .Take(counts.Capacity - desired)
                .Select(w => (w.Id, ReasonCodes.SurplusBootCancelled))
                .ToList();
            if (cancelled.Count > 0)
            {
                reasons.Add($"cancel {cancelled.Count} surplus boot(s): capacity {counts.Capacity} over target {desired}, nothing claimable");
            }
        }
        var after = counts with { Booting = counts.Booting - cancelled.Count };
        return [.. cancelled, .. IdleToTerminate(input, after, desired, options.IdleTimeout, reasons)];
    }

    internal IReadOnlyList<(string Id, string Reason)> IdleToTerminate(ScalingInput input, FleetCounts counts, int desired, TimeSpan idleTimeout, List<string> reasons)
    {
        var excess = counts.Capacity - desired;
        if (excess <= 0)
        {
            return [];
        }
        var idle = input.Workers
            .Where(w => w.State == WorkerState.Active && !w.IsBusy)
            .OrderByDescending(w => w.CostPerHour ?? 0m)
            .ThenBy(w => w.IdleSince)
            .ThenByDescending(w => w.CreatedAt)
            .ToList();
        var warm = WarmToKeep(input, idle.Count, idleTimeout);
        var quiet = options.QuietIdleTimeout < idleTimeout ? options.QuietIdleTimeout : idleTimeout;
        var candidates = idle
            .Select((w, i) => (Worker: w, Warm: i >= idle.Count - warm))
            .Where(c => input.Now - c.Worker.IdleSince >= (c.Warm ? idleTimeout : quiet))
            .ToList();
        var aboveFloor = Math.Max(0, counts.Active - options.MinActive);
        var n = Math.Min(excess, Math.Min(candidates.Count, aboveFloor));
        var rule = $"{idle.Count - warm} idle past {quiet.TotalSeconds:0}s or {warm} kept warm past {idleTimeout.TotalSeconds:0}s";
        reasons.Add(n == 0
            ? $"no scale-down: {excess} over target but {candidates.Count} eligible ({rule}) and {aboveFloor} above the floor"
            : $"scale down {n}: {excess} over target, {candidates.Count} eligible ({rule}), {aboveFloor} above the floor");
        return candidates.Take(n).Select(c => (c.Worker.Id, c.Warm ? ReasonCodes.IdleTimeout : ReasonCodes.IdleSurplus)).ToList();
    }

    /// <summary>
    /// Idle workers worth keeping for the full idle timeout: one per task expected within a boot time at the
    /// recent arrival rate (× <see cref="ScalingOptions.KeepPerExpectedArrival"/>, rounded up). All of them when the store
    /// does not count arrivals.
    /// </summary>
    private int WarmToKeep(ScalingInput input, int idle, TimeSpan idleTimeout)
    {
        if (FleetEstimates.ArrivalsPerBoot(input, idleTimeout) is not { } expected)
        {
            return idle;
        }
        // Rounded up: a fraction of an expected arrival still keeps one worker (on long tasks a busy worker will
        // not free up within a boot, so the one warm worker is what keeps the next task from waiting a whole boot).
        return Math.Min(idle, (int)Math.Ceiling(Math.Round(expected * options.KeepPerExpectedArrival, 6)));
    }
}
