namespace Orchestrator.RunPod;

/// <summary>Told when a RunPod call ends (the metrics hook). Must not throw and must return at once.</summary>
public interface IRunPodCallObserver
{
    /// <param name="operation">The call's name as logged (list-pods, create-pod, ...).</param>
    /// <param name="outcome"><c>ok</c>, <c>not_found</c>, or the failure's error kind in snake case (<c>transient</c>, <c>auth</c>, ...).</param>
    /// <param name="duration">Wall time of the whole call, retries included.</param>
    void OnCallCompleted(string operation, string outcome, TimeSpan duration);

    /// <summary>RunPod refused a create (<paramref name="reason"/>: contract, unplaceable, balance, ...); <paramref name="balanceBlocked"/> while 402s stop spawning.</summary>
    void OnCreateRefused(string reason, bool balanceBlocked)
    {
    }

    /// <summary>A create succeeded (clears the insufficient-balance alert).</summary>
    void OnCreated()
    {
    }
}
