using System.Text.Json;
using Orchestrator.Core.Cycle;
using Orchestrator.Core.Decisions;
using Orchestrator.Core.Domain;
using Orchestrator.Core.Ports;

namespace Orchestrator.Observability;

/// <summary>
/// The body of <c>/api/status</c>, written with <see cref="Utf8JsonWriter"/> from the in-memory board: the last
/// cycle, demand, kill switch, breaker, spend, the scaling decision's reasons, the live workers and the last audit
/// events. Null where no successful cycle has been seen yet.
/// </summary>
public static class StatusJson
{
    public static void Write(Utf8JsonWriter w, StatusBoardView board, decimal? spendCap, DateTimeOffset now)
    {
        w.WriteStartObject();
        w.WriteString("at", now);
        WriteCycle(w, "last_cycle", board.LastCycle, now);
        WriteCycle(w, "last_success", board.LastSuccess, now);
        var ok = board.LastSuccess;
        if (ok?.Plan is { } plan && ok.Demand is { } demand)
        {
            w.WriteBoolean("paused", ok.Paused);
            w.WriteStartObject("demand");
            w.WriteNumber("queued", demand.Queued);
            w.WriteNumber("claimable", demand.Claimable);
            w.WriteNumber("running", demand.Running);
            w.WriteNumber("too_old", demand.TooOld);
            w.WriteString("source", demand.Source);
            w.WriteEndObject();
            WriteBreaker(w, plan.Breaker);
            w.WriteNumber("spend_per_hour", plan.SpendPerHour);
            WriteScaling(w, plan.Scaling);
            WriteWorkers(w, plan.Transitions.Where(t => t.Transition.To.IsLive()).OrderBy(t => t.Worker.CreatedAt), ok.StartedAt, now);
        }
        else
        {
            w.WriteNull("paused");
            w.WriteNull("demand");
        }
        if (spendCap is { } cap)
        {
            w.WriteNumber("spend_cap", cap);
        }
        WriteEvents(w, board.Events);
        w.WriteEndObject();
    }

    private static void WriteCycle(Utf8JsonWriter w, string name, CycleReport? report, DateTimeOffset now)
    {
        if (report is null)
        {
            w.WriteNull(name);
            return;
        }
        w.WriteStartObject(name);
        w.WriteString("id", report.CycleId);
        w.WriteString("started_at", report.StartedAt);
        w.WriteNumber("age_sec", Seconds(now - report.StartedAt));
        w.WriteNumber("duration_ms", (long)report.Duration.TotalMilliseconds);
        w.WriteBoolean("succeeded", report.Succeeded);
        w.WriteString("error", report.Error);
        w.WriteEndObject();
    }

    private static void WriteBreaker(Utf8JsonWriter w, BreakerState breaker)
    {
        w.WriteStartObject("breaker");
        w.WriteString("status", breaker.Status.ToString());
        w.WriteNumber("failures", breaker.Failures);
        w.WriteNumber("successes", breaker.Successes);
        w.WriteString("reason", breaker.Reason);
        w.WriteEndObject();
    }

    private static void WriteScaling(Utf8JsonWriter w, ScalingDecision scaling)
    {
        w.WriteStartObject("scaling");
        w.WriteNumber("desired", scaling.Desired);
        w.WriteNumber("capacity", scaling.Capacity);
        w.WriteNumber("spawn", scaling.Spawn);
        w.WriteString("spawn_reason", scaling.SpawnReason);
        w.WriteStartArray("reasons");
        foreach (var reason in scaling.Reasons)
        {
            w.WriteStringValue(reason);
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Each worker as the last cycle left it: the state it decided (a first heartbeat makes it active), the rest as observed.</summary>
    private static void WriteWorkers(Utf8JsonWriter w, IEnumerable<PlannedTransition> steps, DateTimeOffset cycleAt, DateTimeOffset now)
    {
        w.WriteStartArray("workers");
        foreach (var (v, step) in steps.Select(s => (s.Worker, s.Transition)))
        {
            w.WriteStartObject();
            w.WriteString("id", v.Id);
            w.WriteString("state", step.To.ToDb());
            w.WriteNumber("age_sec", Seconds(now - v.CreatedAt));
            w.WriteString("state_since", step.ChangesState ? cycleAt : v.StateSince);
            if (v.LastHeartbeat is { } hb)
            {
                w.WriteNumber("heartbeat_age_sec", Seconds(now - hb));
            }
            else
            {
                w.WriteNull("heartbeat_age_sec");
            }
            w.WriteNumber("running_tasks", v.RunningTasks);
            if (v.OldestRunningTask is { } task)
            {
                w.WriteStartObject("current_task"); // as `status --json` writes it
                w.WriteString("id", task.TaskId);
                w.WriteString("type", task.TaskType);
                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("current_task");
            }
            w.WriteString("gpu_type", v.GpuType);
            if (v.CostPerHour is { } cost)
            {
                w.WriteNumber("cost_per_hour", cost);
            }
            else
            {
                w.WriteNull("cost_per_hour");
            }
            w.WriteString("reason", step.ChangesState ? step.Reason : v.Reason);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteEvents(Utf8JsonWriter w, IReadOnlyList<ScalingEvent> events)
    {
        w.WriteStartArray("events");
        foreach (var e in events.Reverse()) // newest first
        {
            w.WriteStartObject();
            w.WriteString("at", e.At);
            w.WriteString("kind", e.Kind);
            w.WriteString("worker_id", e.WorkerId);
            w.WriteString("reason", e.Reason);
            w.WriteString("details", e.DetailsJson);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static long Seconds(TimeSpan span) => Math.Max(0, (long)span.TotalSeconds);
}
