using System.Text.Json;
using Orchestrator.Core.Domain;

namespace Orchestrator.RunPod;

/// <summary>
/// Reads a GraphQL pod object. Tolerates <c>runtime: null</c>, missing ports and unknown fields; uptime
/// comes from <c>runtime.uptimeInSeconds</c> (the top-level <c>uptimeSeconds</c> is always 0); the SSH
/// endpoint is the port entry with <c>privatePort == 22</c> and <c>isIpPublic == true</c>.
/// </summary>
public static class GraphQlPodReader
{
    /// <param name="dataCenter">The data center asked for: GraphQL pod selections carry none, and a network volume pins it.</param>
    public static PodInfo Read(JsonElement pod, string? dataCenter = null)
    {
        var id = pod.Str("id") ?? throw new FormatException("pod without id");
        var runtime = pod.Prop("runtime");
        var word = pod.Str("desiredStatus");
        var status = PodStatusMapper.Map(word, runtime is not null);
        return new PodInfo
        {
            Id = id,
            Name = pod.Str("name") ?? "",
            Status = status,
            ProviderStatus = word,
            Ssh = status == PodStatus.Running && runtime is { } r ? Ssh(r) : null,
            CostPerHour = pod.Dec("costPerHr"),
            GpuType = pod.Prop("machine")?.Str("gpuDisplayName"),
            DataCenter = dataCenter,
            UptimeSeconds = runtime?.Int("uptimeInSeconds"),
        };
    }

    private static SshEndpoint? Ssh(JsonElement runtime)
    {
        foreach (var port in runtime.Items("ports"))
        {
            if (port.Int("privatePort") == 22 && port.Bool("isIpPublic") == true
                && port.Str("ip") is { Length: > 0 } ip && port.Int("publicPort") is int publicPort && publicPort is > 0 and <= 65535)
            {
                return new SshEndpoint(ip, publicPort);
            }
        }
        return null;
    }
}
