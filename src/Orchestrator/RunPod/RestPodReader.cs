using System.Globalization;
using System.Text.Json;
using Orchestrator.Core.Domain;

namespace Orchestrator.RunPod;

/// <summary>
/// Reads a REST pod object: <c>publicIp</c> plus <c>portMappings</c> (<c>{"22": 10341}</c>) give the SSH
/// endpoint, and their presence is what "running" means; uptime is computed from <c>lastStartedAt</c>.
/// </summary>
public static class RestPodReader
{
    public static PodInfo Read(JsonElement pod, DateTimeOffset now, string? dataCenter = null)
    {
        var id = pod.Str("id") ?? throw new FormatException("pod without id");
        var mappings = pod.Prop("portMappings");
        var hasRuntime = mappings is { ValueKind: JsonValueKind.Object } m && m.EnumerateObject().Any();
        var status = PodStatusMapper.Map(pod.Str("desiredStatus"), hasRuntime);
        return new PodInfo
        {
            Id = id,
            Name = pod.Str("name") ?? "",
            Status = status,
            Ssh = status == PodStatus.Running ? Ssh(pod.Str("publicIp"), mappings) : null,
            CostPerHour = pod.Dec("costPerHr"),
            GpuType = pod.Prop("gpu")?.Str("displayName") ?? pod.Prop("gpu")?.Str("id") ?? pod.Prop("machine")?.Str("gpuTypeId"),
            DataCenter = dataCenter ?? pod.Prop("machine")?.Str("dataCenterId"),
            UptimeSeconds = status == PodStatus.Running ? Uptime(pod.Str("lastStartedAt"), now) : null,
        };
    }

    private static SshEndpoint? Ssh(string? ip, JsonElement? mappings) =>
        ip is { Length: > 0 } && mappings?.Int("22") is int port && port is > 0 and <= 65535 ? new SshEndpoint(ip, port) : null;

    private static int? Uptime(string? lastStartedAt, DateTimeOffset now) =>
        DateTimeOffset.TryParse(lastStartedAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var started) && started <= now
            ? (int)Math.Min(int.MaxValue, (now - started).TotalSeconds)
            : null;
}
