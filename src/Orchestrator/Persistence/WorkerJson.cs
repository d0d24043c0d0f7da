using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Core.Domain;
using Orchestrator.Core.Ports;

namespace Orchestrator.Persistence;

/// <summary>One worker or outcome of <c>orchestrator_observe</c>'s jsonb (the columns of <c>orchestrator_q_workers</c> and <c>orchestrator_q_outcomes</c>, by name), and the outcome names the functions take.</summary>
internal static class WorkerJson
{
    /// <summary>One worker, or null (with why) when the row cannot be understood.</summary>
    public static WorkerView? Read(JsonElement r, out string? problem)
    {
        problem = null;
        try
        {
            var stateText = String(r, "state");
            if (!WorkerStates.TryFromDb(stateText, out var state))
            {
                problem = $"unknown orchestrator state '{stateText}'";
                return null;
            }
            var oldestId = String(r, "oldest_task_id");
            return new WorkerView
            {
                Id = String(r, "worker_id") ?? throw new FormatException("no worker_id"),
                State = state,
                StateSince = Time(r, "state_since") ?? throw new FormatException("no state_since"),
                CreatedAt = Time(r, "created_at") ?? throw new FormatException("no created_at"),
                PodId = String(r, "pod_id"),
                GpuType = String(r, "gpu_type"),
                DbStatus = String(r, "db_status") ?? "inactive",
                LastHeartbeat = Time(r, "last_heartbeat"),
                LaunchedAt = Time(r, "launched_at"),
                RunningTasks = r.GetProperty("running_tasks").GetInt32(),
                OldestRunningTask = oldestId is null ? null
                    : new RunningTaskInfo(Guid.Parse(oldestId), String(r, "oldest_task_type") ?? "", Time(r, "oldest_task_started_at") ?? default)
                    {
                        QueuedAt = Time(r, "oldest_task_created_at"),
                    },
                LastWorkAt = Time(r, "last_work_at"),
                HealthFailures = r.GetProperty("health_failures").GetInt32(),
                BootstrapAttempts = r.GetProperty("bootstrap_attempts").GetInt32(),
                Reason = String(r, "reason"),
                SelfTerminated = r.TryGetProperty("self_terminated", out var self) && self.ValueKind == JsonValueKind.True,
                CostPerHour = r.TryGetProperty("cost_per_hr", out var cost) && cost.ValueKind == JsonValueKind.Number ? cost.GetDecimal() : null,
                Spot = r.TryGetProperty("spot", out var spot) && spot.ValueKind == JsonValueKind.True,
            };
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or KeyNotFoundException)
        {
            problem = $"unreadable row ({ex.Message})";
            return null;
        }
    }

    /// <summary>One outcome, or null for a kind this build does not know or a row it cannot read.</summary>
    public static WorkerOutcome? ReadOutcome(JsonElement r)
    {
        OutcomeKind? kind = String(r, "kind") switch
        {
            "boot_succeeded" => OutcomeKind.BootSucceeded,
            "boot_failed" => OutcomeKind.BootFailed,
            "health_failed" => OutcomeKind.HealthFailed,
            "interrupted" => OutcomeKind.Interrupted,
            _ => null,
        };
        return kind is null || String(r, "worker_id") is not { } id || Time(r, "at") is not { } at
            ? null
            : new WorkerOutcome(id, kind.Value, at, String(r, "reason"));
    }

    /// <summary>An outcome as <c>orchestrator_apply_change</c>'s <c>p_outcome</c> takes it.</summary>
    public static string? OutcomeToDb(OutcomeKind? kind) => kind switch
    {
        OutcomeKind.BootSucceeded => "boot_succeeded",
        OutcomeKind.BootFailed => "boot_failed",
        OutcomeKind.HealthFailed => "health_failed",
        OutcomeKind.Interrupted => "interrupted",
        _ => null,
    };

    /// <summary>
    /// <c>p_metadata</c> of a change: <see cref="WorkerChange.MetadataJson"/> with <see cref="WorkerChange.Spot"/> merged in as
    /// <c>spot</c>; null when neither is set. Throws <see cref="JsonException"/> when the metadata is not a JSON object.
    /// </summary>
    public static string? Metadata(WorkerChange change)
    {
        if (change.Spot is not { } spot)
        {
            return change.MetadataJson;
        }
        var node = change.MetadataJson is { } json ? JsonNode.Parse(json)?.AsObject() ?? [] : [];
        node["spot"] = spot;
        return node.ToJsonString();
    }

    /// <summary>The row's worker id for a warning, or a placeholder.</summary>
    public static string Id(JsonElement r) => r.ValueKind == JsonValueKind.Object && String(r, "worker_id") is { } id ? id : "(no id)";

    private static string? String(JsonElement r, string name) =>
        r.ValueKind == JsonValueKind.Object && r.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static DateTimeOffset? Time(JsonElement r, string name) =>
        String(r, name) is { } text
            ? DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind).ToUniversalTime()
            : null;
}
