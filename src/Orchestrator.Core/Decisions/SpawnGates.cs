using Orchestrator.Core.Options;

namespace Orchestrator.Core.Decisions;

/// <summary>The gates every policy applies before spawning: operator pause, spend cap, failure breaker.</summary>
public static class SpawnGates
{
    /// <summary>The most spawns the gates allow this cycle (int.MaxValue when none applies), with the reason added.</summary>
    public static int Allowed(ScalingInput input, FleetCounts counts, ScalingOptions options, List<string> reasons)
    {
        if (input.Paused)
        {
            reasons.Add("spawn blocked: paused by operator");
            return 0;
        }
        if (options.MaxHourlySpend is { } cap && input.SpendPerHour >= cap)
        {
            reasons.Add($"spawn blocked: fleet spend {input.SpendPerHour:0.###} $/h at or above cap {cap:0.###} $/h");
            return 0;
        }
        var spendRoom = SpendRoom(input, options, reasons);
        switch (input.Breaker.Status)
        {
            case BreakerStatus.Open:
                reasons.Add($"spawn blocked: breaker open ({input.Breaker.Reason})");
                return 0;
            case BreakerStatus.HalfOpen when counts.Booting > 0:
                reasons.Add("spawn blocked: breaker half-open and a probe is still booting");
                return 0;
            case BreakerStatus.HalfOpen:
                reasons.Add("breaker half-open: one probe spawn");
                return Math.Min(1, spendRoom);
            default:
                return spendRoom;
        }
    }

    /// <summary>
    /// Below the spend cap, the pods that fit in what is left at the dearest known price, rounded up: the same
    /// fleet as spawning one at a time until the spend reaches the cap, so a batch never overshoots it by more
    /// than that. No known price (no live worker has one yet): no limit from the cap this cycle.
    /// </summary>
    private static int SpendRoom(ScalingInput input, ScalingOptions options, List<string> reasons)
    {
        if (options.MaxHourlySpend is not { } cap || input.Workers.Max(w => w.CostPerHour) is not { } price || price <= 0)
        {
            return int.MaxValue;
        }
        var room = (int)Math.Ceiling((cap - input.SpendPerHour) / price);
        reasons.Add($"spend cap {cap:0.###} $/h: room for {room} more pod(s) at {price:0.###} $/h (fleet {input.SpendPerHour:0.###} $/h)");
        return room;
    }
}
