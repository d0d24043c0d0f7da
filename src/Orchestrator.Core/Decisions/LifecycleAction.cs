namespace Orchestrator.Core.Decisions;

/// <summary>The I/O a lifecycle step asks the cycle to perform.</summary>
public enum LifecycleAction
{
    None,
    /// <summary>Verify the pod and launch the worker over SSH.</summary>
    Bootstrap,
    /// <summary>Request pod termination (again, if it is still there).</summary>
    TerminatePod,
    /// <summary>The pod is fenced: requeue the worker's tasks, then mark it terminated.</summary>
    Settle,
}
