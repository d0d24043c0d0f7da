namespace Orchestrator.Tests.RunPod;

/// <summary>The contract against the fake's REST v1 surface.</summary>
public sealed class RestContractTests : RunPodContractTests
{
    protected override bool Rest => true;
}
