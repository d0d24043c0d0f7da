namespace Orchestrator.Core.Ports;

/// <summary>Result of a terminate call. "Not found" counts as done.</summary>
public enum TerminateOutcome
{
    /// <summary>The cloud accepted the request; the pod may take a moment to disappear.</summary>
    Requested,
    /// <summary>The pod was already gone.</summary>
    AlreadyGone,
}
