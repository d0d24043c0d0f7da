namespace Orchestrator.Simulation;

/// <summary>
/// How the simulated parts behave. Defaults follow what production saw on RunPod secure cloud and the figures in
/// issue 16: catalog prices, cached and cold image pulls, stock per data center, a few pods never expose SSH.
/// Each parameter's source is in docs/simulator.md.
/// </summary>
public sealed record SimulationProfile
{
    /// <summary>Virtual time between two steps of the simulated workers and cloud.</summary>
    public TimeSpan Step { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// GPU types in the order a create tries them (cheapest first, as a ranked RUNPOD_GPU_TYPE list would put them:
    /// the three run the same tasks in the same time here, so price per task is price per hour), with their secure
    /// on-demand price (SkyPilot's RunPod catalog, issue 16) and the share of time a data center has them in stock.
    /// </summary>
    public IReadOnlyList<GpuOffer> Offers { get; init; } =
    [
        new("NVIDIA RTX A6000", 0.49m, 0.6),
        new("NVIDIA GeForce RTX 4090", 0.69m, 0.75),
        new("NVIDIA L40S", 0.86m, 0.6),
    ];

    /// <summary>Data centers a create may land in (the Python service's network-volume data centers).</summary>
    public IReadOnlyList<string> DataCenters { get; init; } = ["EU-CZ-1", "EU-NO-1", "EUR-IS-1"];

    /// <summary>Mean length of an in-stock spell of one (data center, GPU type); out-of-stock spells follow from the offer's availability.</summary>
    public TimeSpan StockInMean { get; init; } = TimeSpan.FromHours(3);

    /// <summary>Pods of ours one (data center, GPU type) holds during an in-stock spell, drawn per spell.</summary>
    public int StockSlotsMin { get; init; } = 2;
    public int StockSlotsMax { get; init; } = 8;

    /// <summary>
    /// The stock for a fleet ceiling: the slot counts are for a ceiling of 10 and grow with it (a ×10 fleet rents from
    /// a market ten times as deep), so <c>--scale</c> replays meet stock as scarce as the 1× day.
    /// </summary>
    public SimulationProfile ForCeiling(int maxActive)
    {
        var factor = Math.Max(1, (int)Math.Ceiling(maxActive / 10.0));
        return this with { StockSlotsMin = StockSlotsMin * factor, StockSlotsMax = StockSlotsMax * factor };
    }

    /// <summary>Mean out-of-stock spell: in-stock share = in ÷ (in + out) = the offer's availability.</summary>
    public TimeSpan StockOutMean(GpuOffer offer) => StockInMean * ((1 - offer.Availability) / Math.Max(offer.Availability, 0.01));

    /// <summary>
    /// Per-pod disk billed while the pod runs: container disk 50 GB + volume disk 50 GB (the service's defaults) at
    /// RunPod's $0.10/GB/month, over 730 h. The network volume ($0.07/GB/month) is billed whatever the policy does, so it is left out.
    /// </summary>
    public decimal DiskPerHour { get; init; } = Math.Round(100 * 0.10m / 730, 4);

    /// <summary>
    /// A type's minimum spot bid as a share of its on-demand price: RunPod's own example, an RTX 3090 at
    /// <c>minimumBidPrice</c> 0.163 against <c>uninterruptablePrice</c> 0.30. A spot pod is billed its type's minimum bid.
    /// </summary>
    public decimal SpotPriceRatio { get; init; } = 0.163m / 0.30m;

    /// <summary>Interruptions per spot pod-hour outside droughts [simulate --spot-interruptions-per-hour] (a guess: RunPod publishes none).</summary>
    public double SpotInterruptionsPerHour { get; init; } = 0.1;

    /// <summary>A type's minimum spot bid.</summary>
    public decimal MinimumBid(GpuOffer offer) => Math.Round(offer.CostPerHour * SpotPriceRatio, 3);

    /// <summary>Share of creates landing on a host that has the image cached (a guess: no production figure).</summary>
    public double ImageCachedShare { get; init; } = 0.5;

    /// <summary>Create-to-SSH with the image cached (a cached 16 GB image started in about 33 s), log-normal.</summary>
    public TimeSpan CachedBootMedian { get; init; } = TimeSpan.FromSeconds(33);
    public double CachedBootSigma { get; init; } = 0.25;

    /// <summary>Create-to-SSH with a cold image pull (165-169 s measured), log-normal around it.</summary>
    public TimeSpan BootMedian { get; init; } = TimeSpan.FromSeconds(167);
    public double BootSigma { get; init; } = 0.1;

    /// <summary>Share of cold pulls that crawl (ten-minute pulls occur), uniform between the bounds: past the 600 s boot timeout at times.</summary>
    public double SlowPullShare { get; init; } = 0.08;
    public TimeSpan SlowPullMin { get; init; } = TimeSpan.FromSeconds(420);
    public TimeSpan SlowPullMax { get; init; } = TimeSpan.FromSeconds(900);

    /// <summary>Shortest and longest create-to-SSH time (clamps on every draw).</summary>
    public TimeSpan BootMin { get; init; } = TimeSpan.FromSeconds(20);
    public TimeSpan BootMax { get; init; } = TimeSpan.FromSeconds(900);

    /// <summary>Mean create-to-SSH over the mix of cached, cold and slow pulls (the clairvoyant column's lead).</summary>
    public TimeSpan BootMean => TimeSpan.FromSeconds(ImageCachedShare * CachedBootMedian.TotalSeconds
        + (1 - ImageCachedShare) * ((1 - SlowPullShare) * BootMedian.TotalSeconds + SlowPullShare * (SlowPullMin + SlowPullMax).TotalSeconds / 2));

    /// <summary>One pod's create-to-SSH time and whether its image was cached.</summary>
    public (TimeSpan Boot, bool Cached) DrawBoot(Random random)
    {
        var cached = random.NextDouble() < ImageCachedShare;
        var slow = random.NextDouble() < SlowPullShare;
        var boot = cached ? StableRandom.LogNormal(random, CachedBootMedian, CachedBootSigma, BootMin, BootMax)
            : slow ? StableRandom.Uniform(random, SlowPullMin, SlowPullMax)
            : StableRandom.LogNormal(random, BootMedian, BootSigma, BootMin, BootMax);
        return (boot < BootMin ? BootMin : boot > BootMax ? BootMax : boot, cached);
    }

    /// <summary>Chance a pod runs but never exposes SSH (the boot timeout catches it).</summary>
    public double NeverReachable { get; init; } = 0.03;

    /// <summary>Chance a bootstrap attempt finds SSH not up yet: the connection is refused (retryable).</summary>
    public double BootstrapRetryable { get; init; } = 0.05;

    /// <summary>Chance a pod fails its bootstrap for good (volume missing, broken GPU, worker dies at launch).</summary>
    public double BootstrapBroken { get; init; } = 0.02;

    /// <summary>The faults a broken pod has, one picked per pod; production's common one by default.</summary>
    public IReadOnlyList<SimulatedPodFault> BrokenPodFaults { get; init; } = [SimulatedPodFault.NvidiaSmiFailed];

    /// <summary>
    /// From launch to the worker's first heartbeat (code update, dependencies, model load), log-normal.
    /// With the boot delay this gives the "about 10 paid minutes" production saw from create to work.
    /// </summary>
    public TimeSpan StartMedian { get; init; } = TimeSpan.FromSeconds(360);
    public double StartSigma { get; init; } = 0.3;
    public TimeSpan StartMin { get; init; } = TimeSpan.FromSeconds(150);
    public TimeSpan StartMax { get; init; } = TimeSpan.FromSeconds(900);

    /// <summary>Share of starts that hang (a slow model download): uniform from the 600 s start timeout to <see cref="StartMax"/>.</summary>
    public double StartTailShare { get; init; } = 0.02;
    public TimeSpan StartTailMin { get; init; } = TimeSpan.FromSeconds(600);

    /// <summary>One launch's time to the first heartbeat.</summary>
    public TimeSpan DrawStart(Random random) => random.NextDouble() < StartTailShare
        ? StableRandom.Uniform(random, StartTailMin, StartMax)
        : StableRandom.LogNormal(random, StartMedian, StartSigma, StartMin, StartBodyMax);

    /// <summary>Longest start outside the tail (production's 150-540 s).</summary>
    public TimeSpan StartBodyMax { get; init; } = TimeSpan.FromSeconds(540);

    /// <summary>The worker's heartbeat interval.</summary>
    public TimeSpan Heartbeat { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Chance a worker process dies silently during a task (the heartbeat timeout catches it).</summary>
    public double CrashPerTask { get; init; } = 0.01;

    /// <summary>Virtual time replayed after the trace so the fleet can drain and scale down.</summary>
    public TimeSpan DrainTail { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Most extra time allowed past the tail for unfinished tasks.</summary>
    public TimeSpan MaxOvertime { get; init; } = TimeSpan.FromHours(6);
}
