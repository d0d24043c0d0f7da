using System.Text.Json;
using Orchestrator.Core.Cycle;
using Orchestrator.Core.Decisions;
using Orchestrator.Core.Domain;
using Orchestrator.Core.Ports;
using Orchestrator.RunPod;

namespace Orchestrator.Observability;

/// <summary>
/// The body of <c>/api/status</c>, written with <see cref="Utf8JsonWriter"/>: from the in-memory board the last
/// cycle, demand, kill switch, drain, breaker, spend rate, the scaling decision's reasons and the live workers;
/// from the store (<see cref="StatusHistoryJson"/>) the oldest queued task, the spend since midnight UTC and the
/// last audit decisions; from the RunPod adapter the placement back-offs. Null where not known yet.
/// </summary>
public static class StatusJson
{
    public static void Write(Utf8JsonWriter w, StatusInputs s)
    {
        var now = s.Now;
        w.WriteStartObject();
        w.WriteString("at", now);
        WriteCycle(w, "last_cycle", s.Board.LastCycle, now);
        WriteCycle(w, "last_success", s.Board.LastSuccess, now);
        var ok = s.Board.LastSuccess;
        if (ok?.Plan is { } plan && ok.Demand is { } demand)
        {
            var live = plan.Transitions.Where(t => t.Transition.To.IsLive()).OrderBy(t => t.Worker.CreatedAt).ToList();
            w.WriteBoolean("paused", ok.Paused);
            WriteDemand(w, demand);
            WriteDrain(w, live, ok.Paused);
            WriteBreaker(w, plan.Breaker);
            w.WriteNumber("spend_per_hour", plan.SpendPerHour);
            WriteScaling(w, plan.Scaling);
            WriteWorkers(w, live, ok.StartedAt, now);
        }
        else
        {
            w.WriteNull("paused");
            w.WriteNull("demand");
            w.WriteNull("drain");
        }
        WriteOldestQueued(w, s.History.History?.OldestQueuedAt, now);
        if (s.SpendCap is { } cap)
        {
            w.WriteNumber("spend_cap", cap);
        }
        StatusHistoryJson.Write(w, s.History);
        StatusHistoryJson.WriteBackoffs(w, s.Backoffs, now);
        w.WriteEndObject();
    }

    private static void WriteDemand(Utf8JsonWriter w, DemandSignal demand)
    {
        w.WriteStartObject("demand");
        w.WriteNumber("queued", demand.Queued);
        w.WriteNumber("claimable", demand.Claimable);
        w.WriteNumber("running", demand.Running);
        w.WriteNumber("too_old", demand.TooOld);
        w.WriteString("source", demand.Source);
        w.WriteEndObject();
    }

    /// <summary>The demand's oldest wait, read from the store with the history (so shown before this process's first cycle too); null when nothing is queued or the store could not be read.</summary>
    private static void WriteOldestQueued(Utf8JsonWriter w, DateTimeOffset? oldestQueuedAt, DateTimeOffset now)
    {
        if (oldestQueuedAt is { } oldest)
        {
            w.WriteString("oldest_queued_at", oldest);
            w.WriteNumber("oldest_wait_sec", Seconds(now - oldest));
        }
        else
        {
            w.WriteNull("oldest_queued_at");
            w.WriteNull("oldest_wait_sec");
        }
    }

    /// <summary>Service-wide drain: how many live workers are draining, how many by an operator, and whether the whole fleet is (kill switch on, no capacity left).</summary>
    private static void WriteDrain(Utf8JsonWriter w, IReadOnlyList<PlannedTransition> live, bool paused)
    {
        var draining = live.Where(t => t.Transition.To == WorkerState.Draining).ToList();
        w.WriteStartObject("drain");
        w.WriteNumber("draining", draining.Count);
        w.WriteNumber("by_operator", draining.Count(t => Reason(t) == ReasonCodes.OperatorDrain));
        w.WriteNumber("live", live.Count);
        w.WriteBoolean("whole_fleet", paused && draining.Count > 0 && !live.Any(t => t.Transition.To.IsCapacity()));
        w.WriteEndObject();
    }

    private static string? Reason(PlannedTransition t) => t.Transition.ChangesState ? t.Transition.Reason : t.Worker.Reason;

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
    private static void WriteWorkers(Utf8JsonWriter w, IReadOnlyList<PlannedTransition> steps, DateTimeOffset cycleAt, DateTimeOffset now)
    {
        w.WriteStartArray("workers");
        foreach (var (v, _, step) in steps)
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
            w.WriteString("capacity", WorkerCapacityKind.Of(v));
            w.WriteBoolean("draining", step.To == WorkerState.Draining);
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

    internal static long Seconds(TimeSpan span) => Math.Max(0, (long)span.TotalSeconds);
}

/// <summary>What one <c>/api/status</c> answer is written from.</summary>
public sealed record StatusInputs(StatusBoardView Board, decimal? SpendCap, DateTimeOffset Now, HistoryReading History,
    IReadOnlyList<PlacementBackoffEntry> Backoffs);
