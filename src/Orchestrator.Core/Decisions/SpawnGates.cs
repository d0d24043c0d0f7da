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
                return 1;
            default:
                return int.MaxValue;
        }
    }
}
