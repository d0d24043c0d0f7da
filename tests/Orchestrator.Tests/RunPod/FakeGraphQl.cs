using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Orchestrator.Tests.RunPod;

/// <summary>
/// The fake's GraphQL surface: dispatches on the operation name and reads only variables. Pods take any
/// <c>desiredStatus</c> on command (<see cref="FakeRunPodState.SetStatus"/>: DEAD, EXITED, PAUSED, ...).
/// </summary>
public static partial class FakeGraphQl
{
    public static string Operation(JsonObject request)
    {
        var match = OperationPattern().Match(request["query"]?.GetValue<string>() ?? "");
        return match.Groups[1].Value switch
        {
            "CreateOnDemand" or "CreateSpot" => "create",
            "Terminate" => "terminate",
            "Stop" => "stop",
            "Pod" => "get",
            "Pods" => "list",
            "NetworkVolumes" => "volumes",
            "GpuTypes" => "gpu-types",
            var other => other,
        };
    }

    public static FakeResponse Handle(FakeRunPodState state, JsonObject request)
    {
        var vars = request["variables"] as JsonObject ?? [];
        var op = OperationPattern().Match(request["query"]?.GetValue<string>() ?? "").Groups[1].Value;
        return op switch
        {
            "CreateOnDemand" => Create(state, vars, "podFindAndDeployOnDemand"),
            "CreateSpot" => Create(state, vars, "podRentInterruptable"),
            "Terminate" => state.Terminate(Str(vars, "podId"))
                ? Data(new JsonObject { ["podTerminate"] = null })
                : Error("Pod not found", "podTerminate"),
            "Stop" => Stop(state, Str(vars, "podId")),
            "Pod" => Data(new JsonObject { ["pod"] = state.Find(Str(vars, "podId")) is { } pod ? Pod(state, pod) : null }),
            "Pods" => Data(new JsonObject { ["myself"] = new JsonObject { ["pods"] = new JsonArray([.. state.Listed().Select(p => Pod(state, p))]) } }),
            "NetworkVolumes" => Data(new JsonObject
            {
                ["myself"] = new JsonObject
                {
                    ["networkVolumes"] = new JsonArray([.. state.Volumes.Select(v => (JsonNode)new JsonObject { ["id"] = v.Id, ["name"] = v.Name, ["size"] = v.Size, ["dataCenterId"] = v.Dc })]),
                },
            }),
            "GpuTypes" => Data(new JsonObject
            {
                ["gpuTypes"] = new JsonArray([.. state.GpuTypes.Select(g => (JsonNode)new JsonObject
                {
                    ["id"] = g.Id, ["displayName"] = g.Name, ["memoryInGb"] = g.Memory,
                    ["lowestPrice"] = new JsonObject
                    {
                        ["minimumBidPrice"] = g.Bid,
                        ["uninterruptablePrice"] = vars["secureCloud"]?.GetValue<bool>() == false ? Math.Round(g.Price * 0.8m, 2) : g.Price,
                        ["stockStatus"] = g.Stock,
                    },
                })]),
            }),
            _ => new FakeResponse(400, """{"errors":[{"message":"Cannot query field","extensions":{"code":"GRAPHQL_VALIDATION_FAILED"}}]}"""),
        };
    }

    public static FakeResponse InternalError() =>
        FakeResponse.Json(new JsonObject { ["errors"] = new JsonArray(new JsonObject { ["message"] = "Something went wrong. Please try again later or contact support.", ["extensions"] = new JsonObject { ["code"] = "INTERNAL_SERVER_ERROR" } }) });

    /// <summary>
    /// <c>podFindAndDeployOnDemand</c> or <c>podRentInterruptable</c>. As RunPod's schema: the interruptible input requires
    /// <c>bidPerGpu</c> (a number), the on-demand input has no such field; both refusals are GraphQL validation errors (HTTP 400).
    /// </summary>
    private static FakeResponse Create(FakeRunPodState state, JsonObject vars, string field)
    {
        var input = vars["input"] as JsonObject ?? [];
        var spot = field == "podRentInterruptable";
        var bid = FakeInput.Decimal(input, "bidPerGpu");
        if (spot && bid is null)
        {
            return Invalid("Variable \"$input\" got invalid value; Field \"bidPerGpu\" of required type \"Float!\" was not provided.");
        }
        if (!spot && input.ContainsKey("bidPerGpu"))
        {
            return Invalid("Variable \"$input\" got invalid value; Field \"bidPerGpu\" is not defined by type \"PodFindAndDeployOnDemandInput\".");
        }
        var (pod, error, _) = state.Create(Str(input, "name"), Str(input, "gpuTypeId"), input["networkVolumeId"]?.GetValue<string>(),
            input["dataCenterId"]?.GetValue<string>(), input["minMemoryInGb"]?.GetValue<int>() ?? 0, input, bid);
        if (pod is null)
        {
            return Error(error!, field);
        }
        return Data(new JsonObject { [field] = new JsonObject { ["id"] = pod.Id, ["name"] = pod.Name, ["desiredStatus"] = "RUNNING", ["costPerHr"] = pod.CostPerHr, ["imageName"] = Str(input, "imageName"), ["machineId"] = "m1" } });
    }

    private static FakeResponse Stop(FakeRunPodState state, string id)
    {
        if (state.Find(id) is not { } pod)
        {
            return Error("Pod not found", "podStop");
        }
        pod.DesiredStatus = "EXITED";
        return Data(new JsonObject { ["podStop"] = new JsonObject { ["id"] = id, ["desiredStatus"] = "EXITED" } });
    }

    /// <summary>A pod with RunPod's quirks: uptimeSeconds always 0, a private port-22 entry before the public one, stale ports when exited, an unknown field.</summary>
    private static JsonObject Pod(FakeRunPodState state, FakePod pod)
    {
        var booted = state.IsBooted(pod);
        var stale = pod.DesiredStatus == "EXITED" && !state.RuntimeNull;
        return new JsonObject
        {
            ["id"] = pod.Id, ["name"] = pod.Name, ["desiredStatus"] = pod.DesiredStatus, ["costPerHr"] = pod.CostPerHr,
            ["gpuCount"] = 1, ["uptimeSeconds"] = 0, ["interruptible"] = pod.Interruptible, ["someFieldFrom2027"] = "ignored",
            ["machine"] = new JsonObject { ["gpuDisplayName"] = state.GpuTypes.First(g => g.Id == pod.GpuTypeId).Name },
            ["runtime"] = booted || stale
                ? new JsonObject
                {
                    ["uptimeInSeconds"] = state.UptimeSeconds(pod),
                    ["ports"] = new JsonArray(
                        new JsonObject { ["ip"] = "10.1.2.3", ["isIpPublic"] = false, ["privatePort"] = 22, ["publicPort"] = 22, ["type"] = "tcp" },
                        new JsonObject { ["ip"] = "127.0.0.1", ["isIpPublic"] = pod.PublicIp, ["privatePort"] = 22, ["publicPort"] = pod.PublicSshPort, ["type"] = "tcp" }),
                }
                : null,
        };
    }

    private static FakeResponse Invalid(string message) =>
        new(400, new JsonObject { ["errors"] = new JsonArray(new JsonObject { ["message"] = message, ["extensions"] = new JsonObject { ["code"] = "BAD_USER_INPUT" } }) }.ToJsonString());

    private static FakeResponse Data(JsonObject data) => FakeResponse.Json(new JsonObject { ["data"] = data });

    private static FakeResponse Error(string message, string field) => FakeResponse.Json(new JsonObject
    {
        ["errors"] = new JsonArray(new JsonObject { ["message"] = message, ["path"] = new JsonArray(field), ["extensions"] = new JsonObject { ["code"] = "RUNPOD" } }),
        ["data"] = new JsonObject { [field] = null },
    });

    private static string Str(JsonObject o, string name) => o[name]?.GetValue<string>() ?? "";

    [GeneratedRegex(@"^\s*(?:query|mutation)\s+(\w+)")]
    private static partial Regex OperationPattern();
}
