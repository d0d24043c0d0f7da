using Orchestrator.Core.Domain;

namespace Orchestrator.Simulation;

/// <summary>A <c>workers</c> row joined with the orchestrator's own state for it.</summary>
public sealed class InMemoryWorker
{
    public required string Id { get; init; }
    public required string InstanceType { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public string DbStatus { get; set; } = "inactive";
    public DateTimeOffset? LastHeartbeat { get; set; }
    public bool SelfTerminated { get; set; }
    public Dictionary<string, string> Metadata { get; } = [];
    public WorkerState State { get; set; } = WorkerState.Requested;
    public DateTimeOffset StateSince { get; set; }
    public string? PodId { get; set; }
    public string? GpuType { get; set; }
    public decimal? CostPerHour { get; set; }
    public int HealthFailures { get; set; }
    public int BootstrapAttempts { get; set; }
    public DateTimeOffset? LaunchedAt { get; set; }
    public string? Reason { get; set; }
    /// <summary>The pod's pinned SSH host key (SHA-256, unpadded base64); <c>ssh_host_key_sha256</c> in the database.</summary>
    public string? HostKeySha256 { get; set; }
    public DateTimeOffset? HostKeyPinnedAt { get; set; }
    public List<WorkerOutcome> Outcomes { get; } = [];
}
