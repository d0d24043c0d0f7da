namespace Orchestrator.Core.Options;

/// <summary>The spawn-failure breaker: stops a broken configuration from buying pods forever.</summary>
public sealed class BreakerOptions
{
    /// <summary>Open above this failure rate [MAX_WORKER_FAILURE_RATE].</summary>
    public double MaxFailureRate { get; set; } = 0.8;

    /// <summary>Outcomes older than this are forgotten [FAILURE_WINDOW_MINUTES].</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Fewer outcomes than this never open the breaker [MIN_WORKERS_FOR_RATE_CHECK].</summary>
    public int MinSamples { get; set; } = 5;

    /// <summary>After this long without a new failure an open breaker lets one probe spawn through [BREAKER_PROBE_AFTER_SEC].</summary>
    public TimeSpan ProbeAfter { get; set; } = TimeSpan.FromMinutes(5);
}
