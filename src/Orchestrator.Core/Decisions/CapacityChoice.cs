using Orchestrator.Core.Domain;
using Orchestrator.Core.Options;

namespace Orchestrator.Core.Decisions;

/// <summary>
/// Pure: per pod this cycle creates, spot or on demand. On demand while spot is off, refused recently
/// (<c>fallbackUntil</c>) or interrupted too often; otherwise spot for every pod (<see cref="SpotMode.Always"/>),
/// or on demand up to the floor and spot above it (<see cref="SpotMode.Mixed"/>: the live on-demand workers count
/// toward the floor, so a spot worker never stands in for it).
/// </summary>
public static class CapacityChoice
{
    /// <param name="live">Workers that count as capacity after this cycle's lifecycle steps.</param>
    /// <param name="floor">MIN_ACTIVE_GPUS.</param>
    /// <param name="recentOutcomes">Outcomes as observed (interruptions in the trailing hour are counted).</param>
    public static SpawnCapacity Choose(int count, IReadOnlyList<WorkerView> live, int floor, SpotOptions options,
        IReadOnlyList<WorkerOutcome> recentOutcomes, DateTimeOffset? fallbackUntil, DateTimeOffset now)
    {
        if (count <= 0 || !options.Enabled)
        {
            return SpawnCapacity.OnDemand(count, options.Enabled ? "nothing to create" : "spot off (RUNPOD_SPOT=false)");
        }
        if (fallbackUntil is { } until && until > now)
        {
            return SpawnCapacity.OnDemand(count, $"spot refused recently: on demand until {until:HH:mm:ss}");
        }
        var since = now - SpotOptions.InterruptionWindow;
        var interruptions = recentOutcomes.Count(o => o.Kind == OutcomeKind.Interrupted && o.At >= since && o.At <= now);
        if (interruptions >= options.MaxInterruptionsPerHour)
        {
            return SpawnCapacity.OnDemand(count,
                $"{interruptions} spot interruptions in the last hour (RUNPOD_SPOT_MAX_INTERRUPTIONS_PER_HOUR={options.MaxInterruptionsPerHour}): on demand");
        }
        if (options.Mode == SpotMode.Always)
        {
            return new SpawnCapacity([.. Enumerable.Repeat(true, count)], "spot (RUNPOD_SPOT=true)");
        }
        var onDemandLive = live.Count(w => !w.Spot);
        var forFloor = Math.Clamp(floor - onDemandLive, 0, count);
        return new SpawnCapacity([.. Enumerable.Repeat(false, forFloor).Concat(Enumerable.Repeat(true, count - forFloor))],
            $"mixed: {forFloor} on demand for the floor ({onDemandLive} of {floor} on demand live), {count - forFloor} spot above it");
    }
}

/// <summary>The capacity of each pod to create, in order, and why.</summary>
/// <param name="Spot">One entry per pod: true for spot.</param>
public sealed record SpawnCapacity(IReadOnlyList<bool> Spot, string Reason)
{
    public static SpawnCapacity OnDemand(int count, string reason) => new([.. Enumerable.Repeat(false, Math.Max(0, count))], reason);

    public bool this[int index] => index < Spot.Count && Spot[index];
}
