using Orchestrator.Core.Decisions;
using Orchestrator.Core.Domain;
using Orchestrator.Core.Options;

namespace Orchestrator.Simulation;

/// <summary>
/// The simulator's reference column ("bound"): a policy that knows every future arrival and its duration.
/// Each cycle it sizes the fleet to the work it can see over a horizon of two create-to-work lead times (a lead
/// and two mean task lengths when tasks outlast a boot): the
/// queued and running work (trace-mean durations) plus the exact work arriving in that horizon. Active
/// workers serve the whole horizon, booting and new pods only its second half; it buys the fewest pods that
/// finish that work within the horizon, booting them ahead of need, and lets an idle worker go only when the
/// rest of the fleet still finishes the horizon's work (the same sum both ways, so no buy-then-kill flip). Same floor, ceiling, gates, world and billing as the other columns; no per-cycle spawn
/// cap. A cost-minded reference, not a proven optimum: it cannot foresee boot failures, crashes or claims.
/// </summary>
public sealed class ClairvoyantScalingPolicy : IScalingPolicy
{
    /// <summary>Resolution of the precomputed arriving-work curve.</summary>
    private static readonly TimeSpan Bucket = TimeSpan.FromSeconds(10);

    private readonly ScalingOptions _options;
    private readonly DateTimeOffset _start;
    private readonly TimeSpan _lead;
    private readonly double[] _work;
    private readonly double _meanDuration;

    /// <param name="lead">The world's median create → first heartbeat plus a cycle.</param>
    public ClairvoyantScalingPolicy(ScalingOptions options, IReadOnlyList<TaskArrival> arrivals, DateTimeOffset start, TimeSpan lead)
    {
        (_options, _start, _lead) = (options, start, lead);
        _work = ArrivingWork(arrivals);
        _meanDuration = arrivals.Count == 0 ? 0 : arrivals.Average(a => a.Duration.TotalSeconds);
    }

    public const string PolicyName = "bound";

    public string Name => PolicyName;

    public ScalingDecision Decide(ScalingInput input)
    {
        var reasons = new List<string>();
        var counts = FleetCounts.Of(input.Workers);
        // Two lead times, or a lead and two mean tasks when tasks outlast a boot (else long tasks swing the count).
        var horizon = _lead.TotalSeconds + Math.Max(_lead.TotalSeconds, 2 * _meanDuration);
        var offset = input.Now - _start;
        var work = (input.Demand.Claimable + input.Demand.Running / 2.0) * _meanDuration + WorkBetween(offset, offset + TimeSpan.FromSeconds(horizon));
        // Active workers serve the whole horizon; booting and new pods only what is left after a boot.
        var served = counts.Active * horizon + counts.Booting * (horizon - _lead.TotalSeconds);
        var needed = served >= work
            ? counts.Capacity - (int)Math.Floor((served - work) / horizon)
            : counts.Capacity + (int)Math.Ceiling((work - served) / (horizon - _lead.TotalSeconds));
        var desired = Math.Clamp(Math.Max(needed, counts.Busy), _options.MinActive, _options.MaxActive);
        reasons.Add($"clairvoyant target {desired}: {work:0} GPU-s of work within {horizon:0}s, {served:0} served by the fleet");
        var idle = input.Workers.Where(w => w.State == WorkerState.Active && !w.IsBusy).OrderByDescending(w => w.CostPerHour ?? 0).ToList();
        var cut = Math.Max(0, Math.Min(idle.Count, Math.Min(counts.Capacity - desired, counts.Active - _options.MinActive)));
        var terminate = idle.Take(cut).Select(w => w.Id).ToList();
        var missing = desired - (counts.Capacity - cut);
        var spawn = missing > 0 ? Math.Min(missing, SpawnGates.Allowed(input, counts, _options, reasons)) : 0;
        return new ScalingDecision
        {
            Desired = desired,
            Capacity = counts.Capacity,
            Active = counts.Active,
            Busy = counts.Busy,
            Spawn = spawn,
            SpawnReason = spawn == 0 ? "" : ReasonCodes.ScaleUpDemand,
            Terminate = terminate,
            TerminateReasons = terminate.ToDictionary(id => id, _ => ReasonCodes.IdleSurplus, StringComparer.Ordinal),
            Reasons = reasons,
        };
    }

    /// <summary>GPU-seconds of work arriving in [from, to).</summary>
    private double WorkBetween(TimeSpan from, TimeSpan to)
    {
        var first = Math.Clamp((int)(from / Bucket), 0, _work.Length - 1);
        var last = Math.Clamp((int)(to / Bucket), 0, _work.Length - 1);
        return _work[last] - _work[first];
    }

    /// <summary>Prefix sums of the work arriving per bucket: entry b is the work arriving before bucket b.</summary>
    private static double[] ArrivingWork(IReadOnlyList<TaskArrival> arrivals)
    {
        var end = arrivals.Count == 0 ? TimeSpan.Zero : arrivals.Max(a => a.Offset);
        var work = new double[(int)(end / Bucket) + 2];
        foreach (var a in arrivals)
        {
            work[(int)(a.Offset / Bucket) + 1] += a.Duration.TotalSeconds;
        }
        for (var b = 1; b < work.Length; b++)
        {
            work[b] += work[b - 1];
        }
        return work;
    }
}
