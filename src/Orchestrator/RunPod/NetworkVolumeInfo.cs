namespace Orchestrator.RunPod;

/// <summary>A network volume; it pins pods that mount it to its data center.</summary>
public sealed record NetworkVolumeInfo(string Id, string Name, int? SizeGb, string? DataCenterId);
