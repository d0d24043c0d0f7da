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
    /// <summary>Rented as spot (interruptible).</summary>
    public bool Spot { get; init; }
    /// <summary>When the cloud takes this spot pod back (it shows as exited; its GPU stops billing), or null.</summary>
    public DateTimeOffset? InterruptAt { get; init; }
    /// <summary>Disk billed per hour; billing goes on after an interruption until the pod is terminated.</summary>
    public decimal DiskPerHour { get; init; }

    public bool IsLive => TerminatedAt is null;

    /// <summary>Live and not interrupted at <paramref name="now"/>: its SSH answers and its worker process runs.</summary>
    public bool IsUp(DateTimeOffset now) => IsLive && !IsInterrupted(now);

    public bool IsInterrupted(DateTimeOffset now) => InterruptAt is { } at && at <= now;

    public TimeSpan Billed(DateTimeOffset now) => (TerminatedAt ?? now) - CreatedAt;

    /// <summary>Dollars billed up to <paramref name="now"/>: everything until an interruption, the disk alone after it.</summary>
    public decimal Cost(DateTimeOffset now)
    {
        var end = TerminatedAt ?? now;
        if (InterruptAt is not { } at || at >= end)
        {
            return PricePerHour * (decimal)(end - CreatedAt).TotalHours;
        }
        return PricePerHour * (decimal)(at - CreatedAt).TotalHours + DiskPerHour * (decimal)(end - at).TotalHours;
    }

    public PodInfo View(DateTimeOffset now, int port)
    {
        var running = now >= ReadyAt;
        var interrupted = IsInterrupted(now);
        return new PodInfo
        {
            Id = Id,
            Name = Name,
            Status = interrupted ? PodStatus.Exited : running ? PodStatus.Running : PodStatus.Provisioning,
            ProviderStatus = interrupted ? "EXITED" : null,
            Ssh = running && !interrupted && !NeverReachable ? new SshEndpoint("sim.invalid", port) : null,
            CostPerHour = PricePerHour,
            GpuType = Offer.GpuType,
            DataCenter = DataCenter,
            UptimeSeconds = running ? (int)(now - ReadyAt).TotalSeconds : 0,
        };
    }
}
