namespace Orchestrator.Simulation;

/// <summary>A task row of the in-memory store, with the columns the orchestrator reads.</summary>
public sealed class InMemoryTask
{
    public required Guid Id { get; init; }
    public required string TaskType { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>The owner (via the project); null: no per-user limit applies.</summary>
    public string? UserId { get; init; }
    public string Status { get; set; } = TaskStatuses.Queued;
    public string? WorkerId { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? ProcessedAt { get; set; }
    public string? ErrorMessage { get; set; }

    public bool IsOrchestratorTask => TaskType.Contains("orchestrator", StringComparison.OrdinalIgnoreCase);
}
