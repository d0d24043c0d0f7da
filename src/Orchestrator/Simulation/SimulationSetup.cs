using Orchestrator.Core.Options;

namespace Orchestrator.Simulation;

/// <summary>The service's option groups and the simulated world's settings for one replay.</summary>
public sealed record SimulationSetup
{
    public required ScalingOptions Scaling { get; init; }
    public HealthOptions Health { get; init; } = new();
    public BreakerOptions Breaker { get; init; } = new();
    public CycleOptions Cycle { get; init; } = new();
    public DemandOptions Demand { get; init; } = new();
    /// <summary>Spot capacity as the service reads it (RUNPOD_SPOT ...); off unless set.</summary>
    public SpotOptions Spot { get; init; } = new();
    /// <summary>RUNPOD_BID_PER_GPU, as the service reads it.</summary>
    public decimal? BidPerGpu { get; init; }
    public SimulationProfile Profile { get; init; } = new();
    public int Seed { get; init; } = 1;
    /// <summary>Virtual seconds per real second; null replays as fast as possible.</summary>
    public double? Speed { get; init; }

    /// <summary>
    /// The old service on the same fleet limits: the legacy formula with its documented timeouts
    /// (GPU_IDLE_TIMEOUT_SEC 600 s, GPU_OVERCAPACITY_IDLE_TIMEOUT_SEC 30 s).
    /// </summary>
    public SimulationSetup AsLegacy() => this with
    {
        Spot = new SpotOptions(), // the old service never rented spot: the baseline is on demand
        
        Scaling = new ScalingOptions
        {
            MinActive = Scaling.MinActive,
            MaxActive = Scaling.MaxActive,
            WarmBuffer = Scaling.WarmBuffer,
            ScaleUpMultiplier = Scaling.ScaleUpMultiplier,
            MaxSpawnsPerCycle = Scaling.MaxSpawnsPerCycle,
            MaxHourlySpend = Scaling.MaxHourlySpend,
            CancelSurplusBoots = false,
            QueuePerBusyWorker = 0,
            IdleTimeout = TimeSpan.FromSeconds(600),
            OvercapacityIdleTimeout = TimeSpan.FromSeconds(30),
            Policy = "legacy",
        },
    };

    /// <summary>The clairvoyant reference on the same fleet limits and spend cap (<see cref="ClairvoyantScalingPolicy"/>).</summary>
    public SimulationSetup AsBound() => this with
    {
        Spot = new SpotOptions(), // an on-demand reference, like the baseline
        
        Scaling = new ScalingOptions
        {
            MinActive = Scaling.MinActive,
            MaxActive = Scaling.MaxActive,
            MaxHourlySpend = Scaling.MaxHourlySpend,
            Policy = ClairvoyantScalingPolicy.PolicyName,
        },
    };

    /// <summary>How far ahead the clairvoyant column holds capacity: the world's mean boot and median start (create → first heartbeat) and one cycle.</summary>
    public TimeSpan BoundLead => Profile.BootMean + Profile.StartMedian + Cycle.PollInterval;
}
