using System.Globalization;
using System.Text.Json.Nodes;

namespace Orchestrator.Tests.RunPod;

/// <summary>
/// The fake's REST v2 surface, shaped after RunPod's v2 OpenAPI: <c>/v2/pods</c> (list wrapped in
/// <c>{"pods"}</c>, create, get, <c>DELETE</c>, <c>/action</c>), <c>/v2/network-volumes</c>,
/// <c>/v2/catalog/gpus</c>; errors are RFC 9457 problems; create bodies are validated strictly
/// (<see cref="FakeRestValidation"/>).
/// </summary>
public static class FakeRest
{
    public static string Operation(string method, string path, JsonObject? body)
    {
        var parts = path.Trim('/').Split('/');
        return (method, parts) switch
        {
            ("GET", [.., "catalog", "gpus"]) => "gpu-types",
            ("GET", [.., "network-volumes"]) => "volumes",
            ("GET", [.., "pods"]) => "list",
            ("GET", [.., "pods", _]) => "get",
            ("POST", [.., "pods"]) => "create",
            ("DELETE", [.., "pods", _]) => "terminate",
            ("POST", [.., "pods", _, "action"]) => body?["action"]?.GetValue<string>() ?? "action",
            _ => "unknown",
        };
    }

    public static FakeResponse Handle(FakeRunPodState state, string method, string path, string query, JsonObject? body)
    {
        var parts = path.Trim('/').Split('/');
        return Operation(method, path, body) switch
        {
            "create" => Create(state, body ?? []),
            "list" => FakeResponse.Json(new JsonObject { ["pods"] = new JsonArray([.. state.Listed().Select(p => (JsonNode)FakeRestPod.Json(state, p))]) }),
            "get" => state.Find(parts[^1]) is { } pod ? FakeResponse.Json(FakeRestPod.Json(state, pod)) : Problem(404, "pod not found"),
            "terminate" when method == "DELETE" => state.Terminate(parts[^1]) ? new FakeResponse(204, "") : Problem(404, "pod not found"),
            "terminate" => state.Terminate(parts[^2]) ? new FakeResponse(204, "") : Problem(404, "pod not found"),
            "stop" => Stop(state, parts[^2]),
            "volumes" => FakeResponse.Json(new JsonObject { ["networkVolumes"] = new JsonArray([.. state.Volumes.Select(Volume)]) }),
            "gpu-types" => GpuTypes(state, query),
            _ => Problem(404, "resource not found"),
        };
    }

    public static FakeResponse Problem(int status, string detail, params string[] errors)
    {
        var problem = new JsonObject { ["title"] = Title(status), ["status"] = status, ["detail"] = detail };
        if (errors.Length > 0)
        {
            problem["errors"] = new JsonArray([.. errors.Select(e => (JsonNode)JsonValue.Create(e))]);
        }
        return FakeResponse.Json(problem, status);
    }

    /// <summary>
    /// RunPod's table for <c>POST /v2/pods</c>: 422 with <c>errors</c> for a body outside the contract, 400 for a
    /// cross-field rule or an unplaceable GPU/data center (only a <c>detail</c>, undocumented wording), 402 for
    /// insufficient balance, 403 for a pool the account cannot use, 201 with the pod.
    /// </summary>
    private static FakeResponse Create(FakeRunPodState state, JsonObject body)
    {
        var verdict = FakeRestValidation.Check(body);
        if (verdict.Status == 422)
        {
            return Problem(422, "Request validation failed.", [.. verdict.Errors]);
        }
        if (verdict.Status == 400)
        {
            return Problem(400, verdict.Errors[0]);
        }
        var gpu = (JsonObject)body["gpu"]!;
        var volume = (body["mounts"]?["network"] as JsonArray)?.FirstOrDefault()?["volumeId"]?.GetValue<string>();
        var dc = (body["dataCenterIds"] as JsonArray)?.FirstOrDefault()?.GetValue<string>();
        var (pod, error, refusal) = state.Create(body["name"]!.GetValue<string>(), gpu["id"]!.GetValue<string>(), volume, dc, 0, body);
        return refusal switch
        {
            FakeRefusal.None => FakeResponse.Json(FakeRestPod.Json(state, pod!), 201),
            FakeRefusal.Unplaceable => FakeResponse.Json(new JsonObject { ["detail"] = FakeRunPodState.UnplaceableDetail }, 400),
            FakeRefusal.Forbidden => Problem(403, error!),
            FakeRefusal.Balance => Problem(402, error!),
            _ => Problem(422, "Request validation failed.", error!),
        };
    }

    private static FakeResponse Stop(FakeRunPodState state, string id)
    {
        if (state.Find(id) is not { } pod || pod.Terminated)
        {
            return Problem(404, "pod not found");
        }
        pod.DesiredStatus = "EXITED";
        return FakeResponse.Json(FakeRestPod.Json(state, pod));
    }

    private static JsonNode Volume((string Id, string Name, int Size, string Dc) v) =>
        new JsonObject { ["id"] = v.Id, ["name"] = v.Name, ["size"] = v.Size, ["dataCenter"] = v.Dc, ["type"] = "STANDARD" };

    /// <summary><c>include=AVAILABILITY</c> requires <c>product</c> (400 otherwise), as the v2 contract says.</summary>
    private static FakeResponse GpuTypes(FakeRunPodState state, string query)
    {
        var availability = query.Contains("include=AVAILABILITY", StringComparison.Ordinal);
        if (availability != query.Contains("product=", StringComparison.Ordinal))
        {
            return Problem(400, "product is required with include=AVAILABILITY, and valid only with it");
        }
        var gpus = state.GpuTypes.Select(g => (JsonNode)new JsonObject
        {
            ["id"] = g.Id, ["name"] = g.Name, ["pool"] = null, ["manufacturer"] = "NVIDIA", ["memory"] = g.Memory,
            ["secure"] = true, ["community"] = true,
            ["price"] = new JsonObject { ["secure"] = g.Price, ["community"] = Math.Round(g.Price * 0.8m, 2) },
            ["maxCount"] = new JsonObject { ["secure"] = 8, ["community"] = 4 },
            ["availability"] = availability ? g.Stock.ToUpper(CultureInfo.InvariantCulture) : null,
        });
        return FakeResponse.Json(new JsonObject { ["gpus"] = new JsonArray([.. gpus]) });
    }

    private static string Title(int status) => status switch
    {
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        _ => "Error",
    };
}
