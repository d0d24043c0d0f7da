namespace Orchestrator.Core.Domain;

/// <summary>A task a worker holds <c>In Progress</c>.</summary>
public sealed record RunningTaskInfo(Guid TaskId, string TaskType, DateTimeOffset StartedAt)
{
    /// <summary>When the task was queued (created), where the store reports it: StartedAt − QueuedAt is its wait.</summary>
    public DateTimeOffset? QueuedAt { get; init; }
}
