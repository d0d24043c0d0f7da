namespace Orchestrator.Core.Domain;

/// <summary>
/// The orchestrator's own view of a worker's life. Stored apart from <c>workers.status</c>,
/// which the worker's heartbeat overwrites with <c>active</c> every 20 s.
/// </summary>
public enum WorkerState
{
    /// <summary>Row registered, pod create not yet confirmed.</summary>
    Requested,
    /// <summary>Pod exists and boots; the worker process is not launched yet.</summary>
    Spawning,
    /// <summary>Worker process launched over SSH; waiting for its first heartbeat.</summary>
    Bootstrapping,
    /// <summary>Heartbeating worker, counted as real capacity.</summary>
    Active,
    /// <summary>Chosen for scale-down or operator drain; pod terminate requested, awaiting confirmation.</summary>
    Draining,
    /// <summary>Failed with a reason; pod to be fenced, then its tasks requeued.</summary>
    Error,
    /// <summary>Pod confirmed gone, tasks settled. Final: a heartbeat never revives it.</summary>
    Terminated,
}
