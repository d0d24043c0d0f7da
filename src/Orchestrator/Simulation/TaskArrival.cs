namespace Orchestrator.Simulation;

/// <summary>
/// One task of a demand trace: when it is queued (from the start), how long it runs on a GPU, and whose it is
/// (Reigh runs at most <see cref="InMemoryFleetStore.PerUserLimit"/> of a user's tasks at once; null: nobody's, no limit).
/// </summary>
public sealed record TaskArrival(TimeSpan Offset, TimeSpan Duration, string TaskType = "wan_2_2_i2v", string? UserId = null);
