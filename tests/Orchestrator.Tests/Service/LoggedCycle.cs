namespace Orchestrator.Tests.Service;

/// <summary>A cycle as a child process logged it (<c>CycleCompleted</c>, EventId 1000): when the line was written and how long the cycle took.</summary>
public sealed record LoggedCycle(string Node, Guid CycleId, DateTimeOffset LoggedAt, long DurationMs);
