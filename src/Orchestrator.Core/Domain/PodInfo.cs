namespace Orchestrator.Core.Domain;

/// <summary>A pod as the cloud reports it. <see cref="Name"/> is the worker id.</summary>
public sealed record PodInfo
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required PodStatus Status { get; init; }
    /// <summary>The provider's own status word (RunPod <c>status</c>/<c>desiredStatus</c>), for reason codes and logs.</summary>
    public string? ProviderStatus { get; init; }
    /// <summary>Null until the pod runs and exposes a public port 22.</summary>
    public SshEndpoint? Ssh { get; init; }
    public decimal? CostPerHour { get; init; }
    public string? GpuType { get; init; }
    /// <summary>The data center the provider placed the pod in (not merely the one asked for), when known.</summary>
    public string? DataCenter { get; init; }
    public int? UptimeSeconds { get; init; }

    /// <summary>Gone for good: the provider deleted it and billing stopped. Only a terminated pod is gone; a failed one still exists.</summary>
    public bool IsGone => Status is PodStatus.Terminated;

    /// <summary>Not doing useful work and never will (exited, failed, unknown, terminated): terminate it and replace its work.</summary>
    public bool IsDead => Status is PodStatus.Terminated or PodStatus.Failed or PodStatus.Exited or PodStatus.Unknown;

    /// <summary>The status for a reason code: the provider's word in lower case (<c>error</c>, <c>dead</c>), else the normalised one.</summary>
    public string StatusLabel => (ProviderStatus is { Length: > 0 } raw ? raw : Status.ToString()).ToLowerInvariant();
}
