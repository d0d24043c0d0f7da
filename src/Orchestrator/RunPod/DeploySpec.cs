namespace Orchestrator.RunPod;

/// <summary>One create attempt at one placement: everything the API body needs.</summary>
public sealed record DeploySpec
{
    public required string Name { get; init; }
    public required string Image { get; init; }
    public required string GpuTypeId { get; init; }
    public required string CloudType { get; init; }
    public required bool Spot { get; init; }
    public decimal? BidPerGpu { get; init; }
    public required int ContainerDiskGb { get; init; }
    public required int VolumeGb { get; init; }
    /// <summary>GraphQL <c>minVcpuCount</c>; REST v2 has no such field.</summary>
    public required int MinVcpuCount { get; init; }
    /// <summary>GraphQL <c>minMemoryInGb</c> (one memory tier); null for REST v2, which has no RAM minimum.</summary>
    public int? MinMemoryGb { get; init; }
    public string? NetworkVolumeId { get; init; }
    public string? DataCenterId { get; init; }
    public required string VolumeMountPath { get; init; }
    public required IReadOnlyList<string> Ports { get; init; }
    public required bool StartSsh { get; init; }
    public required bool SupportPublicIp { get; init; }
    public required IReadOnlyList<KeyValuePair<string, string>> Env { get; init; }
}
