namespace Orchestrator.Tests.RunPod;

/// <summary>The contract against the fake's GraphQL surface.</summary>
public sealed class GraphQlContractTests : RunPodContractTests
{
    protected override bool Rest => false;
}
