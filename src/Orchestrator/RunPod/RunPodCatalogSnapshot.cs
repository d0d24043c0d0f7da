namespace Orchestrator.RunPod;

/// <summary>GPU types and network volumes as last read (both API dialects have a GPU catalog).</summary>
public sealed record RunPodCatalogSnapshot(IReadOnlyList<GpuTypeInfo> GpuTypes, IReadOnlyList<NetworkVolumeInfo> Volumes);
