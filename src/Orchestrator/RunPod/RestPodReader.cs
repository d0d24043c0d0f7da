using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Orchestrator.Core.Domain;

namespace Orchestrator.RunPod;

/// <summary>
/// Reads a REST v2 pod object. <c>status</c> is PROVISIONING/STARTING/RUNNING/EXITED/ERROR/TERMINATED;
/// a RUNNING pod without a <c>runtime</c> object reads as provisioning. The SSH endpoint is <c>ssh.direct</c>
/// (RunPod's published 22/tcp mapping), else a <c>runtime.ports</c> entry with <c>private == 22</c>, a public
/// port and a public address; the <c>ssh.proxy</c> variant is never used (no port forwarding, opaque user).
/// Cost is <c>cost</c> (USD/h; 0 once exited, not 0 for ERROR); the data center is the assigned <c>dataCenterId</c>; uptime is <c>runtime.uptime</c>, else counted from <c>startedAt</c>.
/// Missing, null and unknown fields are tolerated; the pod's <c>env</c> (which holds secrets) is never read.
/// </summary>
public static class RestPodReader
{
    /// <param name="requestedDataCenter">Used only when the answer lacks <c>dataCenterId</c> (the one RunPod assigned wins).</param>
    public static PodInfo Read(JsonElement pod, DateTimeOffset now, string? requestedDataCenter = null)
    {
        var id = pod.Str("id") ?? throw new FormatException("pod without id");
        var runtime = pod.Prop("runtime") is { ValueKind: JsonValueKind.Object } r ? r : (JsonElement?)null;
        var word = pod.Str("status") ?? pod.Str("desiredStatus");
        var status = PodStatusMapper.Map(word, runtime is not null);
        var running = status == PodStatus.Running;
        return new PodInfo
        {
            Id = id,
            Name = pod.Str("name") ?? "",
            Status = status,
            ProviderStatus = word,
            Ssh = running ? DirectSsh(pod) ?? PortSsh(runtime!.Value) : null,
            CostPerHour = Cost(pod, status),
            GpuType = pod.Prop("gpu")?.Str("id"),
            DataCenter = pod.Str("dataCenterId") ?? requestedDataCenter,
            UptimeSeconds = running ? runtime!.Value.Int("uptime") ?? Uptime(pod.Str("startedAt"), now) : null,
        };
    }

    private static SshEndpoint? DirectSsh(JsonElement pod) =>
        pod.Prop("ssh")?.Prop("direct") is { } direct ? Endpoint(direct.Str("host"), direct.Int("port")) : null;

    private static SshEndpoint? PortSsh(JsonElement runtime) =>
        runtime.Items("ports")
            .Where(p => p.Int("private") == 22 && p.Str("type") is null or "tcp")
            .Select(p => Endpoint(p.Str("ip"), p.Int("public")))
            .FirstOrDefault(e => e is not null);

    private static SshEndpoint? Endpoint(string? host, int? port) =>
        host is { Length: > 0 } && IsPublic(host) && port is > 0 and <= 65535 ? new SshEndpoint(host, port.Value) : null;

    /// <summary>False for RFC 1918, carrier-grade NAT and link-local IPv4 addresses (a pod's internal port entries); host names pass.</summary>
    private static bool IsPublic(string host)
    {
        if (!IPAddress.TryParse(host, out var address) || address.AddressFamily != AddressFamily.InterNetwork)
        {
            return true;
        }
        var b = address.GetAddressBytes();
        return !(b[0] == 10 || (b[0] == 172 && b[1] is >= 16 and <= 31) || (b[0] == 192 && b[1] == 168)
            || (b[0] == 100 && b[1] is >= 64 and <= 127) || (b[0] == 169 && b[1] == 254));
    }

    /// <summary>v2 reports 0.0 for EXITED and TERMINATED pods; a 0 on a live pod reads as unknown so the catalog price fills in.</summary>
    private static decimal? Cost(JsonElement pod, PodStatus status)
    {
        var cost = pod.Dec("cost") ?? pod.Dec("costPerHr");
        return cost is > 0m ? cost : status is PodStatus.Exited or PodStatus.Terminated ? cost : null;
    }

    private static int? Uptime(string? startedAt, DateTimeOffset now) =>
        DateTimeOffset.TryParse(startedAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var started) && started <= now
            ? (int)Math.Min(int.MaxValue, (now - started).TotalSeconds)
            : null;
}
