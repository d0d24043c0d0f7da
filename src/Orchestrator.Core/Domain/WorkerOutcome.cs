namespace Orchestrator.Core.Domain;

/// <summary>What counts for the failure-rate breaker: genuine boot and health results only, never a scale-down.</summary>
public enum OutcomeKind
{
    BootSucceeded,
    BootFailed,
    HealthFailed,
    /// <summary>A spot pod taken back by the cloud: not the worker's fault, never counted by the breaker.</summary>
    Interrupted,
}

/// <summary>One boot or health result at a time, read back from the database.</summary>
public sealed record WorkerOutcome(string WorkerId, OutcomeKind Kind, DateTimeOffset At, string? Reason = null);
