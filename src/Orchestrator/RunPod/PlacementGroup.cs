namespace Orchestrator.RunPod;

/// <summary>One (GPU type, data center) placement, tried over every memory tier before moving on.</summary>
/// <param name="DataCenterId">The network volume's data center; null lets RunPod choose (no volume).</param>
/// <param name="PricePerHour">The catalog's price for this GPU type (on-demand or minimum bid), when known.</param>
public sealed record PlacementGroup(string GpuTypeId, string GpuLabel, string? NetworkVolumeId, string? DataCenterId, decimal? PricePerHour)
{
    public string Key => $"{GpuTypeId}@{DataCenterId ?? "any"}";
}
