using Orchestrator.Core.Domain;

namespace Orchestrator.Simulation;

/// <summary>One pod of the simulated cloud, billed from create to terminate.</summary>
public sealed class SimulatedPod
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required GpuOffer Offer { get; init; }
    /// <summary>What the pod bills per hour: the GPU's price (on demand, or the spot bid) plus its disks.</summary>
    public required decimal PricePerHour { get; init; }
    public required string DataCenter { get; init; }
    /// <summary>Whether the host had the image cached (a short boot).</summary>
    public bool ImageCached { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>When the pod runs and (unless never reachable) exposes SSH.</summary>
    public required DateTimeOffset ReadyAt { get; init; }
    public bool NeverReachable { get; init; }
    /// <summary>Why this pod fails its bootstrap for good; null for a healthy pod.</summary>
    public SimulatedPodFault? Fault { get; init; }
    public DateTimeOffset? TerminatedAt { get; set; }

    public bool IsLive => TerminatedAt is null;

    public TimeSpan Billed(DateTimeOffset now) => (TerminatedAt ?? now) - CreatedAt;

    /// <summary>Dollars billed up to <paramref name="now"/>.</summary>
    public decimal Cost(DateTimeOffset now) => PricePerHour * (decimal)Billed(now).TotalHours;

    public PodInfo View(DateTimeOffset now, int port)
    {
        var running = now >= ReadyAt;
        return new PodInfo
        {
            Id = Id,
            Name = Name,
            Status = running ? PodStatus.Running : PodStatus.Provisioning,
            Ssh = running && !NeverReachable ? new SshEndpoint("sim.invalid", port) : null,
            CostPerHour = PricePerHour,
            GpuType = Offer.GpuType,
            DataCenter = DataCenter,
            UptimeSeconds = running ? (int)(now - ReadyAt).TotalSeconds : 0,
        };
    }
}
