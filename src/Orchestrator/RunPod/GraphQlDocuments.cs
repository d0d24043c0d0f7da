namespace Orchestrator.RunPod;

/// <summary>
/// The GraphQL documents, all parameterised with variables (no value is ever pasted into the text).
/// Pod selections never ask for <c>env</c>, so the worker's secrets do not travel back on every read.
/// </summary>
public static class GraphQlDocuments
{
    private const string PodFields =
        "id name desiredStatus costPerHr gpuCount imageName machineId uptimeSeconds " +
        "runtime { uptimeInSeconds ports { ip isIpPublic privatePort publicPort type } } machine { gpuDisplayName }";

    private const string CreatedFields = "id name desiredStatus costPerHr imageName machineId";

    public const string CreateOnDemand =
        "mutation CreateOnDemand($input: PodFindAndDeployOnDemandInput!) { podFindAndDeployOnDemand(input: $input) { " + CreatedFields + " } }";

    public const string CreateSpot =
        "mutation CreateSpot($input: PodRentInterruptableInput!) { podRentInterruptable(input: $input) { " + CreatedFields + " } }";

    public const string Terminate = "mutation Terminate($podId: String!) { podTerminate(input: { podId: $podId }) }";

    public const string Stop = "mutation Stop($podId: String!) { podStop(input: { podId: $podId }) { id desiredStatus } }";

    public const string Pod = "query Pod($podId: String!) { pod(input: { podId: $podId }) { " + PodFields + " } }";

    public const string Pods = "query Pods { myself { pods { " + PodFields + " } } }";

    public const string NetworkVolumes = "query NetworkVolumes { myself { networkVolumes { id name size dataCenterId } } }";

    public const string GpuTypes =
        "query GpuTypes($secureCloud: Boolean) { gpuTypes { id displayName memoryInGb " +
        "lowestPrice(input: { gpuCount: 1, secureCloud: $secureCloud }) { minimumBidPrice uninterruptablePrice stockStatus } } }";
}
