namespace Orchestrator.RunPod;

/// <summary>A GPU type from the catalog; prices are per GPU per hour, stock is RunPod's High/Medium/Low/None.</summary>
public sealed record GpuTypeInfo(string Id, string DisplayName, int? MemoryGb, decimal? OnDemandPrice, decimal? MinimumBidPrice, string? StockStatus);
