namespace Orchestrator.Simulation;

/// <summary>The labels of Reigh's <c>task_status</c> enum (note the space in <c>In Progress</c>).</summary>
public static class TaskStatuses
{
    public const string Queued = "Queued";
    public const string InProgress = "In Progress";
    public const string Complete = "Complete";
    public const string Failed = "Failed";
    public const string Cancelled = "Cancelled";
}
