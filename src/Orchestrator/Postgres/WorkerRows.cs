using System.Data.Common;
using Npgsql;
using Orchestrator.Core.Domain;

namespace Orchestrator.Postgres;

/// <summary>
/// The worker rows of <c>orchestrator_observe_rows</c> (migration 018: the columns of <c>orchestrator_q_workers</c>),
/// read in binary: no json built on the server nor parsed here (5,000 workers: 2.9 MB of json before). The same
/// views, and the same rule for a row it cannot understand (skipped with why), as <c>WorkerJson</c> for the REST store.
/// Columns are found by name once per answer.
/// </summary>
internal sealed class WorkerRows
{
    private readonly int _id, _state, _stateSince, _createdAt, _podId, _gpuType, _dbStatus, _lastHeartbeat, _launchedAt, _running,
        _oldestId, _oldestType, _oldestStarted, _oldestCreated, _lastWork, _healthFailures, _bootstrapAttempts, _reason,
        _selfTerminated, _cost, _spot;

    public WorkerRows(NpgsqlDataReader reader)
    {
        _id = reader.GetOrdinal("worker_id");
        _state = reader.GetOrdinal("state");
        _stateSince = reader.GetOrdinal("state_since");
        _createdAt = reader.GetOrdinal("created_at");
        _podId = reader.GetOrdinal("pod_id");
        _gpuType = reader.GetOrdinal("gpu_type");
        _dbStatus = reader.GetOrdinal("db_status");
        _lastHeartbeat = reader.GetOrdinal("last_heartbeat");
        _launchedAt = reader.GetOrdinal("launched_at");
        _running = reader.GetOrdinal("running_tasks");
        _oldestId = reader.GetOrdinal("oldest_task_id");
        _oldestType = reader.GetOrdinal("oldest_task_type");
        _oldestStarted = reader.GetOrdinal("oldest_task_started_at");
        _oldestCreated = reader.GetOrdinal("oldest_task_created_at");
        _lastWork = reader.GetOrdinal("last_work_at");
        _healthFailures = reader.GetOrdinal("health_failures");
        _bootstrapAttempts = reader.GetOrdinal("bootstrap_attempts");
        _reason = reader.GetOrdinal("reason");
        _selfTerminated = reader.GetOrdinal("self_terminated");
        _cost = reader.GetOrdinal("cost_per_hr");
        _spot = reader.GetOrdinal("spot");
    }

    /// <summary>The row's worker id for a warning, or a placeholder.</summary>
    public string Id(DbDataReader r) => r.IsDBNull(_id) ? "(no id)" : r.GetString(_id);

    /// <summary>One worker, or null (with why) when the row cannot be understood.</summary>
    public WorkerView? Read(DbDataReader r, out string? problem)
    {
        problem = Missing(r, _id, "worker_id") ?? Missing(r, _stateSince, "state_since") ?? Missing(r, _createdAt, "created_at")
                  ?? Missing(r, _running, "running_tasks") ?? Missing(r, _healthFailures, "health_failures")
                  ?? Missing(r, _bootstrapAttempts, "bootstrap_attempts");
        var stateText = Text(r, _state);
        if (problem is null && !WorkerStates.TryFromDb(stateText, out _))
        {
            problem = $"unknown orchestrator state '{stateText}'";
        }
        if (problem is not null)
        {
            return null;
        }
        try
        {
            return View(r, stateText!);
        }
        catch (Exception ex) when (ex is InvalidCastException or OverflowException)
        {
            problem = $"unreadable row ({ex.Message})"; // e.g. a time of 'infinity'
            return null;
        }
    }

    private WorkerView View(DbDataReader r, string stateText) =>
        new()
        {
            Id = r.GetString(_id),
            State = WorkerStates.FromDb(stateText),
            StateSince = Time(r, _stateSince)!.Value,
            CreatedAt = Time(r, _createdAt)!.Value,
            PodId = Text(r, _podId),
            GpuType = Text(r, _gpuType),
            DbStatus = Text(r, _dbStatus) ?? "inactive",
            LastHeartbeat = Time(r, _lastHeartbeat),
            LaunchedAt = Time(r, _launchedAt),
            RunningTasks = r.GetInt32(_running),
            OldestRunningTask = r.IsDBNull(_oldestId) ? null
                : new RunningTaskInfo(r.GetGuid(_oldestId), Text(r, _oldestType) ?? "", Time(r, _oldestStarted) ?? default)
                {
                    QueuedAt = Time(r, _oldestCreated),
                },
            LastWorkAt = Time(r, _lastWork),
            HealthFailures = r.GetInt32(_healthFailures),
            BootstrapAttempts = r.GetInt32(_bootstrapAttempts),
            Reason = Text(r, _reason),
            SelfTerminated = !r.IsDBNull(_selfTerminated) && r.GetBoolean(_selfTerminated),
            CostPerHour = r.IsDBNull(_cost) ? null : r.GetDecimal(_cost),
            Spot = !r.IsDBNull(_spot) && r.GetBoolean(_spot),
        };

    private static string? Missing(DbDataReader r, int ordinal, string name) => r.IsDBNull(ordinal) ? $"unreadable row (no {name})" : null;

    private static string? Text(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);

    /// <summary>timestamptz, in UTC (offset 0), as the json path turns its times to UTC.</summary>
    private static DateTimeOffset? Time(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetFieldValue<DateTimeOffset>(ordinal);
}
