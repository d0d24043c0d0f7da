namespace Orchestrator.Core.Decisions;

/// <summary>Closed: spawn freely. Open: no spawns. HalfOpen: one probe spawn at a time.</summary>
public enum BreakerStatus
{
    Closed,
    Open,
    HalfOpen,
}

/// <summary>The breaker's verdict with the numbers behind it.</summary>
public sealed record BreakerState(BreakerStatus Status, int Failures, int Successes, double Rate, string Reason)
{
    public bool AllowsSpawn => Status != BreakerStatus.Open;
}
