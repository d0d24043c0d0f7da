namespace Orchestrator.Core.Domain;

/// <summary>
/// A cloud pod's lifecycle as the orchestrator needs it, normalised from the provider's strings (the
/// provider's own word stays on <see cref="PodInfo.ProviderStatus"/>). Every value has a decision:
/// provisioning and running are alive; exited, failed and unknown are dead but still exist (they may bill)
/// and are terminated; terminated is gone.
/// </summary>
public enum PodStatus
{
    /// <summary>Being placed or started (RunPod CREATED, PROVISIONING, STARTING, RESTARTING, RUNNING without a runtime).</summary>
    Provisioning,
    /// <summary>Running with a runtime.</summary>
    Running,
    /// <summary>Container stopped (RunPod EXITED, PAUSED): not ours to restart.</summary>
    Exited,
    /// <summary>Permanently deleted: gone, billing stopped.</summary>
    Terminated,
    /// <summary>Will not run again but still exists and can bill until deleted (RunPod v2 ERROR, GraphQL DEAD).</summary>
    Failed,
    /// <summary>A value this build does not know (a future status): treated as dead, never as alive.</summary>
    Unknown,
}
