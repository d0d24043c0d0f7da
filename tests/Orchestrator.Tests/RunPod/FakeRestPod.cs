using System.Text.Json.Nodes;

namespace Orchestrator.Tests.RunPod;

/// <summary>
/// A v2 pod object as the fake answers it. It reproduces what the adapter must cope with: the pod's
/// <c>env</c> (secrets included) comes back on every read, <c>runtime</c> is null until the pod runs,
/// <c>ssh.proxy</c> is present before the direct endpoint, a private-address port-22 entry precedes the
/// public one, <c>cost</c> is 0 once exited (not for ERROR, which still bills), a pod placed without a public IP
/// never gets <c>ssh.direct</c>, and unknown fields appear. Status moves PROVISIONING → STARTING → RUNNING on
/// the clock, and to ERROR/EXITED (or any word) on command (<see cref="FakeRunPodState.SetStatus"/>).
/// </summary>
public static class FakeRestPod
{
    public static JsonObject Json(FakeRunPodState state, FakePod pod)
    {
        var booted = state.IsBooted(pod);
        var status = Status(state, pod, booted);
        return new JsonObject
        {
            ["id"] = pod.Id, ["name"] = pod.Name, ["status"] = status, ["actions"] = new JsonArray("stop", "terminate"),
            ["image"] = pod.Input["image"]?.DeepClone() ?? "runpod/pytorch", ["args"] = "", ["disk"] = 50,
            ["ports"] = pod.Input["ports"]?.DeepClone() ?? new JsonArray("22/tcp"), ["env"] = pod.Input["env"]?.DeepClone() ?? new JsonObject(),
            ["registry"] = null, ["mounts"] = pod.Input["mounts"]?.DeepClone() ?? new JsonObject(),
            ["gpu"] = new JsonObject { ["id"] = pod.GpuTypeId, ["count"] = 1, ["vcpuCount"] = 16, ["memory"] = 64 },
            ["cloud"] = "SECURE", ["dataCenterId"] = pod.DataCenterId, ["cudaVersion"] = "12.8",
            ["ssh"] = new JsonObject
            {
                ["proxy"] = new JsonObject { ["host"] = "ssh.runpod.io", ["port"] = 22, ["username"] = $"{pod.Id}-64411eb2", ["command"] = $"ssh {pod.Id}-64411eb2@ssh.runpod.io" },
                ["direct"] = booted && pod.PublicIp ? new JsonObject { ["host"] = "127.0.0.1", ["port"] = pod.PublicSshPort, ["username"] = "root" } : null,
            },
            ["template"] = null,
            ["cost"] = status is "EXITED" or "TERMINATED" ? 0.0m : pod.CostPerHr,
            ["locked"] = false, ["globalNetworking"] = new JsonObject { ["enabled"] = false },
            ["runtime"] = booted ? Runtime(state, pod) : null,
            ["createdAt"] = pod.CreatedAt.ToString("O"),
            ["startedAt"] = booted ? (pod.CreatedAt + state.BootDelay).ToString("O") : null,
            ["futureField"] = new JsonObject { ["x"] = 1 },
        };
    }

    private static string Status(FakeRunPodState state, FakePod pod, bool booted) => pod.DesiredStatus switch
    {
        _ when pod.Terminated => "TERMINATED",
        "RUNNING" when booted || state.RuntimeNull => "RUNNING",
        "RUNNING" => state.Clock.GetUtcNow() - pod.CreatedAt < state.BootDelay / 2 ? "PROVISIONING" : "STARTING",
        var other => other,
    };

    private static JsonObject Runtime(FakeRunPodState state, FakePod pod) => new()
    {
        ["uptime"] = state.UptimeSeconds(pod),
        ["ports"] = pod.PublicIp
            ? new JsonArray(
                new JsonObject { ["private"] = 22, ["public"] = 22, ["type"] = "tcp", ["ip"] = "10.0.0.7" },
                new JsonObject { ["private"] = 22, ["public"] = pod.PublicSshPort, ["type"] = "tcp", ["ip"] = "127.0.0.1" })
            : new JsonArray(new JsonObject { ["private"] = 22, ["public"] = 22, ["type"] = "tcp", ["ip"] = "10.0.0.7" }),
    };
}
