using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Core.Cycle;

namespace Orchestrator.Cli;

/// <summary>The JSON document printed by <c>once --json</c>.</summary>
public static class CycleReportJson
{
    public static string Render(CycleReport report)
    {
        var plan = report.Plan;
        var node = new JsonObject
        {
            ["cycle_id"] = report.CycleId.ToString(),
            ["started_at"] = report.StartedAt.ToString("O"),
            ["duration_ms"] = (long)report.Duration.TotalMilliseconds,
            ["dry_run"] = report.DryRun,
            ["ok"] = report.Succeeded,
            ["error"] = report.Error,
        };
        if (plan is not null && report.Demand is not null)
        {
            node["demand"] = AuditJson.Demand(report.Demand);
            node["workers"] = AuditJson.Workers(plan.WorkersByState);
            node["decision"] = new JsonObject
            {
                ["desired"] = plan.Scaling.Desired,
                ["capacity"] = plan.Scaling.Capacity,
                ["spawn"] = plan.Scaling.Spawn,
                ["spawn_reason"] = plan.Scaling.SpawnReason,
                ["terminate"] = Strings(report.TerminateWorkerIds),
                ["requeue"] = Strings(report.RequeueWorkerIds),
                ["terminate_pods"] = Strings(plan.PodsToTerminate.Select(p => $"{p.Pod.Id} ({p.Pod.Name}): {p.Reason}")),
                ["transitions"] = Strings(plan.Transitions.Where(t => t.Transition.ChangesState)
                    .Select(t => $"{t.Worker.Id}: {t.Transition.From} -> {t.Transition.To} ({t.Transition.Reason})")),
            };
            node["breaker"] = new JsonObject
            {
                ["status"] = plan.Breaker.Status.ToString(),
                ["failures"] = plan.Breaker.Failures,
                ["successes"] = plan.Breaker.Successes,
                ["reason"] = plan.Breaker.Reason,
            };
            node["spend_per_hour"] = plan.SpendPerHour;
            node["reasons"] = Strings(plan.Scaling.Reasons);
            node["actions"] = new JsonObject { ["spawned"] = report.Spawned, ["terminated"] = report.Terminated, ["requeued"] = report.Requeued, ["failed_tasks"] = report.FailedTasks, ["rate_limited"] = report.RateLimited };
        }
        return node.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => JsonValue.Create(v))]);
}
