namespace Orchestrator.RunPod;

/// <summary>Which of the RunPod pipelines (<see cref="RunPodPipelines"/>) a call goes through: what may be retried or hedged depends on it.</summary>
public enum RunPodCallKind
{
    /// <summary>Idempotent and side-effect free: retried on any transient failure, hedged.</summary>
    Read,

    /// <summary>
    /// A terminate: it changes the account but is idempotent (a pod already gone answers "not found", which is success), so it is
    /// retried and hedged like a read, within the mutation timeout.
    /// </summary>
    Terminate,

    /// <summary>Create or stop: never sent twice blindly (a second create could duplicate a pod); only a 429 is retried.</summary>
    Mutation,
}
