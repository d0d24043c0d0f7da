using System.Text.Json.Nodes;

namespace Orchestrator.Tests.RunPod;

/// <summary>The fake's REST v1 surface (<c>/v1/pods</c>, <c>/v1/networkvolumes</c>).</summary>
public static class FakeRest
{
    public static string Operation(string method, string path) => (method, path.TrimEnd('/').Split('/').Length) switch
    {
        ("POST", _) when path.EndsWith("/stop", StringComparison.Ordinal) => "stop",
        ("POST", _) => "create",
        ("DELETE", _) => "terminate",
        ("GET", _) when path.EndsWith("/networkvolumes", StringComparison.Ordinal) => "volumes",
        ("GET", _) when path.EndsWith("/pods", StringComparison.Ordinal) => "list",
        ("GET", _) => "get",
        _ => "unknown",
    };

    public static FakeResponse Handle(FakeRunPodState state, string method, string path, JsonObject? body)
    {
        var parts = path.Trim('/').Split('/');
        return Operation(method, path) switch
        {
            "create" => Create(state, body ?? []),
            "list" => FakeResponse.Json(new JsonArray([.. state.Listed().Select(p => (JsonNode)Pod(state, p))])),
            "get" => state.Find(parts[^1]) is { } pod ? FakeResponse.Json(Pod(state, pod)) : NotFound(),
            "terminate" => state.Terminate(parts[^1]) ? new FakeResponse(204, "") : NotFound(),
            "stop" => Stop(state, parts[^2]),
            "volumes" => FakeResponse.Json(new JsonArray([.. state.Volumes.Select(v => (JsonNode)new JsonObject { ["id"] = v.Id, ["name"] = v.Name, ["size"] = v.Size, ["dataCenterId"] = v.Dc })])),
            _ => NotFound(),
        };
    }

    private static FakeResponse Create(FakeRunPodState state, JsonObject body)
    {
        var gpu = (body["gpuTypeIds"] as JsonArray)?.FirstOrDefault()?.GetValue<string>() ?? "";
        var dc = (body["dataCenterIds"] as JsonArray)?.FirstOrDefault()?.GetValue<string>();
        var (pod, error, capacity) = state.Create(body["name"]?.GetValue<string>() ?? "", gpu, body["networkVolumeId"]?.GetValue<string>(), dc,
            body["minRAMPerGPU"]?.GetValue<int>() ?? 0, body);
        if (pod is null)
        {
            return FakeResponse.Json(new JsonObject { ["error"] = error }, capacity ? 500 : 400);
        }
        return FakeResponse.Json(Pod(state, pod), 201);
    }

    private static FakeResponse Stop(FakeRunPodState state, string id)
    {
        if (state.Find(id) is not { } pod)
        {
            return NotFound();
        }
        pod.DesiredStatus = "EXITED";
        return FakeResponse.Json(Pod(state, pod));
    }

    private static JsonObject Pod(FakeRunPodState state, FakePod pod)
    {
        var booted = state.IsBooted(pod);
        return new JsonObject
        {
            ["id"] = pod.Id, ["name"] = pod.Name, ["desiredStatus"] = pod.DesiredStatus, ["costPerHr"] = pod.CostPerHr.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["gpu"] = new JsonObject { ["id"] = pod.GpuTypeId, ["count"] = 1, ["displayName"] = state.GpuTypes.First(g => g.Id == pod.GpuTypeId).Name },
            ["machine"] = new JsonObject { ["dataCenterId"] = pod.DataCenterId },
            ["publicIp"] = booted ? "127.0.0.1" : null,
            ["portMappings"] = booted ? new JsonObject { ["22"] = pod.PublicSshPort } : null,
            ["lastStartedAt"] = booted ? (pod.CreatedAt + state.BootDelay).ToString("O") : null,
            ["interruptible"] = false,
        };
    }

    private static FakeResponse NotFound() => FakeResponse.Json(new JsonObject { ["error"] = "pod not found" }, 404);
}
