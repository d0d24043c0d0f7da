namespace Orchestrator.RunPod;

/// <summary>One entry of the ranked GPU list: an id or display name and an optional price ceiling ($/h per GPU).</summary>
public sealed record GpuChoice(string Name, decimal? MaxPricePerHour);
