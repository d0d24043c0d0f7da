namespace Orchestrator.Core.Options;

/// <summary>Which pods are rented as spot (interruptible) capacity [RUNPOD_SPOT].</summary>
public enum SpotMode
{
    /// <summary>Every pod on demand [RUNPOD_SPOT=false, the default].</summary>
    Off,
    /// <summary>Every pod spot, on demand only while spot is refused or interrupted too often [RUNPOD_SPOT=true].</summary>
    Always,
    /// <summary>The floor (MIN_ACTIVE_GPUS) on demand, the burst above it spot [RUNPOD_SPOT=mixed].</summary>
    Mixed,
}

/// <summary>
/// Spot capacity: which creates ask for it, and when the cycle stops asking. RunPod removed spot from its
/// documentation in May 2026, so it stays opt-in; see docs/runpod.md, "Spot".
/// </summary>
public sealed class SpotOptions
{
    /// <summary>[RUNPOD_SPOT: false, true or mixed].</summary>
    public SpotMode Mode { get; set; } = SpotMode.Off;

    /// <summary>
    /// With this many spot interruptions or more in the trailing hour, new pods are rented on demand until the
    /// count falls below it again [RUNPOD_SPOT_MAX_INTERRUPTIONS_PER_HOUR].
    /// </summary>
    public int MaxInterruptionsPerHour { get; set; } = 3;

    /// <summary>
    /// After a spot rental is refused (no spot stock, bid below the minimum, RunPod's error), pods are rented on
    /// demand for this long before spot is tried again [RUNPOD_SPOT_FALLBACK_SEC].
    /// </summary>
    public TimeSpan FallbackFor { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The window interruptions are counted over (fixed: the threshold is per hour).</summary>
    public static readonly TimeSpan InterruptionWindow = TimeSpan.FromHours(1);

    public bool Enabled => Mode != SpotMode.Off;
}
