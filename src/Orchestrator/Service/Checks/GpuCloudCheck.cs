using Orchestrator.Core.Ports;

namespace Orchestrator.Service.Checks;

/// <summary>The GPU cloud answers a pod listing (with the real adapter: the API key is accepted and the API reachable).</summary>
public sealed class GpuCloudCheck(IGpuCloud cloud) : IStartupCheck
{
    public string Name => "gpu-cloud";

    public int Order => 20;

    public async Task<StartupCheckResult> RunAsync(CancellationToken cancellationToken)
    {
        var pods = await cloud.ListPodsAsync(cancellationToken).ConfigureAwait(false);
        return StartupCheckResult.Pass($"{cloud.GetType().Name} answered: {pods.Count} pod(s) with our prefix");
    }
}
