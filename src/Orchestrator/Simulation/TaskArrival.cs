namespace Orchestrator.Simulation;

/// <summary>One task of a demand trace: when it is queued (from the start) and how long it runs on a GPU.</summary>
public sealed record TaskArrival(TimeSpan Offset, TimeSpan Duration, string TaskType = "wan_2_2_i2v");
