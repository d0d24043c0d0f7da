namespace Orchestrator.Tests.RunPod;

/// <summary>Why the fake account refused a create; each dialect answers it in its own way (REST v2: 400/402/403 problems).</summary>
public enum FakeRefusal
{
    None,
    Invalid,
    Unplaceable,
    Forbidden,
    Balance,
}
