namespace Orchestrator.Core.Domain;

/// <summary>A cloud pod's lifecycle as the orchestrator needs it, normalised from the provider's strings.</summary>
public enum PodStatus
{
    Provisioning,
    Running,
    Exited,
    Terminated,
    Failed,
    Unknown,
}
