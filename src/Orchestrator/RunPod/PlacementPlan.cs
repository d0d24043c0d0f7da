namespace Orchestrator.RunPod;

/// <summary>The ranked placements for one create, the options left out and why, or a configuration error that stops spawning.</summary>
public sealed record PlacementPlan(IReadOnlyList<PlacementGroup> Groups, IReadOnlyList<string> Skipped, string? Error);
