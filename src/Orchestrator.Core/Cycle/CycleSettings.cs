using Orchestrator.Core.Options;

namespace Orchestrator.Core.Cycle;

/// <summary>The option groups the cycle's actions need, bundled for injection.</summary>
public sealed record CycleSettings(CycleOptions Cycle, HealthOptions Health, BreakerOptions Breaker, ScalingOptions Scaling)
{
    /// <summary>Source of the 8 random hex digits in new worker ids (seeded in the simulator).</summary>
    public Random Random { get; init; } = Random.Shared;

    /// <summary>Spot capacity (RUNPOD_SPOT and friends); off unless set.</summary>
    public SpotOptions Spot { get; init; } = new();
}
