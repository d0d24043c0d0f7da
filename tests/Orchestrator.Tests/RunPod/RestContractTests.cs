namespace Orchestrator.Tests.RunPod;

/// <summary>The contract against the strict fake's REST v2 surface.</summary>
public sealed class RestContractTests : RunPodContractTests
{
    protected override bool Rest => true;
}
