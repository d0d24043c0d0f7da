namespace Orchestrator.Core.Domain;

/// <summary>A task a worker holds <c>In Progress</c>.</summary>
public sealed record RunningTaskInfo(Guid TaskId, string TaskType, DateTimeOffset StartedAt);
