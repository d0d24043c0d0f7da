namespace Orchestrator.Core.Domain;

/// <summary>A pod as the cloud reports it. <see cref="Name"/> is the worker id.</summary>
public sealed record PodInfo
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required PodStatus Status { get; init; }
    /// <summary>Null until the pod runs and exposes a public port 22.</summary>
    public SshEndpoint? Ssh { get; init; }
    public decimal? CostPerHour { get; init; }
    public string? GpuType { get; init; }
    public string? DataCenter { get; init; }
    public int? UptimeSeconds { get; init; }

    /// <summary>Gone for good: billing stopped or about to.</summary>
    public bool IsGone => Status is PodStatus.Terminated or PodStatus.Failed;

    /// <summary>Not doing useful work and will not (exited, failed, terminated).</summary>
    public bool IsDead => Status is PodStatus.Terminated or PodStatus.Failed or PodStatus.Exited;
}
