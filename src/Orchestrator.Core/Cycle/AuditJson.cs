using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Core.Decisions;
using Orchestrator.Core.Domain;
using Orchestrator.Core.Ports;

namespace Orchestrator.Core.Cycle;

/// <summary>Builds the JSON details stored with audit events.</summary>
public static class AuditJson
{
    public static string Object(params (string Key, string? Value)[] fields)
    {
        var node = new JsonObject();
        foreach (var (key, value) in fields)
        {
            node[key] = value;
        }
        return node.ToJsonString();
    }

    /// <summary>A bootstrap attempt: its detail (when any) and how long it took, <c>duration_s</c> (read by the bootstrap duration histogram).</summary>
    public static string Bootstrap(string? detail, TimeSpan duration) => new JsonObject
    {
        ["detail"] = detail,
        ["duration_s"] = Math.Round(duration.TotalSeconds, 3),
    }.ToJsonString();

    public static string Requeue(RequeueResult result) => new JsonObject
    {
        ["requeued"] = new JsonArray([.. result.Requeued.Select(id => JsonValue.Create(id.ToString()))]),
        ["failed"] = new JsonArray([.. result.Failed.Select(id => JsonValue.Create(id.ToString()))]),
    }.ToJsonString();

    public static string Cycle(DemandSignal demand, CyclePlan plan) => new JsonObject
    {
        ["demand"] = Demand(demand),
        ["workers"] = Workers(plan.WorkersByState),
        ["desired"] = plan.Scaling.Desired,
        ["capacity"] = plan.Scaling.Capacity,
        ["spawn"] = plan.Scaling.Spawn,
        ["terminate"] = new JsonArray([.. plan.Scaling.Terminate.Select(id => JsonValue.Create(id))]),
        ["breaker"] = plan.Breaker.Status.ToString(),
        ["spend_per_hour"] = plan.SpendPerHour,
        ["reasons"] = new JsonArray([.. plan.Scaling.Reasons.Select(r => JsonValue.Create(r))]),
    }.ToJsonString(new JsonSerializerOptions { WriteIndented = false });

    public static JsonObject Demand(DemandSignal demand) => new()
    {
        ["queued"] = demand.Queued,
        ["claimable"] = demand.Claimable,
        ["running"] = demand.Running,
        ["too_old"] = demand.TooOld,
        ["source"] = demand.Source,
    };

    public static JsonObject Workers(IReadOnlyDictionary<WorkerState, int> byState)
    {
        var node = new JsonObject();
        foreach (var state in Enum.GetValues<WorkerState>())
        {
            node[state.ToDb()] = byState.GetValueOrDefault(state);
        }
        return node;
    }
}
