namespace Orchestrator.RunPod;

/// <summary>GPU types and network volumes as last read; <see cref="HasGpuCatalog"/> false for a dialect without a catalog (names are then ids).</summary>
public sealed record RunPodCatalogSnapshot(IReadOnlyList<GpuTypeInfo> GpuTypes, IReadOnlyList<NetworkVolumeInfo> Volumes, bool HasGpuCatalog);
