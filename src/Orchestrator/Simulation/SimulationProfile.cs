namespace Orchestrator.Simulation;

/// <summary>
/// How the simulated parts behave. Defaults follow what production saw on RunPod secure cloud:
/// pods take a few billed minutes to boot, a few creates miss capacity, a few pods never expose SSH.
/// </summary>
public sealed record SimulationProfile
{
    /// <summary>Virtual time between two steps of the simulated workers and cloud.</summary>
    public TimeSpan Step { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>GPU types in the order a create tries them, with their price and availability.</summary>
    public IReadOnlyList<GpuOffer> Offers { get; init; } =
    [
        new("NVIDIA GeForce RTX 4090", 0.69m, 0.75),
        new("NVIDIA RTX A6000", 0.79m, 0.6),
        new("NVIDIA L40S", 0.99m, 0.6),
    ];

    /// <summary>Median create-to-SSH time (image pull, container start); the delay is log-normal around it.</summary>
    public TimeSpan BootMedian { get; init; } = TimeSpan.FromSeconds(150);

    /// <summary>Spread (sigma of the log) of the boot delay.</summary>
    public double BootSigma { get; init; } = 0.4;

    /// <summary>Shortest and longest create-to-SSH time.</summary>
    public TimeSpan BootMin { get; init; } = TimeSpan.FromSeconds(60);
    public TimeSpan BootMax { get; init; } = TimeSpan.FromSeconds(480);

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
    public TimeSpan StartMax { get; init; } = TimeSpan.FromSeconds(540);

    /// <summary>The worker's heartbeat interval.</summary>
    public TimeSpan Heartbeat { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Chance a worker process dies silently during a task (the heartbeat timeout catches it).</summary>
    public double CrashPerTask { get; init; } = 0.01;

    /// <summary>Virtual time replayed after the trace so the fleet can drain and scale down.</summary>
    public TimeSpan DrainTail { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Most extra time allowed past the tail for unfinished tasks.</summary>
    public TimeSpan MaxOvertime { get; init; } = TimeSpan.FromHours(6);
}
