using Npgsql;
using Orchestrator.Core.Domain;

namespace Orchestrator.Postgres;

/// <summary>Maps the rows of <see cref="FleetSql.ObserveWorkers"/> and <see cref="FleetSql.ObserveOutcomes"/>.</summary>
internal static class WorkerRowReader
{
    /// <summary>One worker, or null (with why) when the row cannot be understood.</summary>
    public static WorkerView? Read(NpgsqlDataReader r, out string? problem)
    {
        problem = null;
        var id = r.GetString(0);
        if (!WorkerStates.TryFromDb(r.GetString(1), out var state))
        {
            problem = $"unknown orchestrator state '{r.GetString(1)}'";
            return null;
        }
        return new WorkerView
        {
            Id = id,
            State = state,
            StateSince = r.GetFieldValue<DateTimeOffset>(2),
            CreatedAt = r.GetFieldValue<DateTimeOffset>(3),
            PodId = NullableString(r, 4),
            GpuType = NullableString(r, 5),
            DbStatus = r.GetString(6),
            LastHeartbeat = NullableTime(r, 7),
            LaunchedAt = NullableTime(r, 8),
            RunningTasks = r.GetInt32(9),
            OldestRunningTask = r.IsDBNull(10) ? null : new RunningTaskInfo(r.GetGuid(10), r.GetString(11), r.GetFieldValue<DateTimeOffset>(12)),
            LastWorkAt = NullableTime(r, 13),
            HealthFailures = r.GetInt32(14),
            BootstrapAttempts = r.GetInt32(15),
            Reason = NullableString(r, 16),
            SelfTerminated = r.GetBoolean(17),
            CostPerHour = r.IsDBNull(18) ? null : r.GetDecimal(18),
        };
    }

    /// <summary>One outcome, or null for a kind this build does not know.</summary>
    public static WorkerOutcome? ReadOutcome(NpgsqlDataReader r)
    {
        OutcomeKind? kind = r.IsDBNull(1) ? null : r.GetString(1) switch
        {
            "boot_succeeded" => OutcomeKind.BootSucceeded,
            "boot_failed" => OutcomeKind.BootFailed,
            "health_failed" => OutcomeKind.HealthFailed,
            _ => null,
        };
        return kind is null ? null : new WorkerOutcome(r.GetString(0), kind.Value, r.GetFieldValue<DateTimeOffset>(2), NullableString(r, 3));
    }

    public static string? OutcomeToDb(OutcomeKind? kind) => kind switch
    {
        OutcomeKind.BootSucceeded => "boot_succeeded",
        OutcomeKind.BootFailed => "boot_failed",
        OutcomeKind.HealthFailed => "health_failed",
        _ => null,
    };

    private static string? NullableString(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static DateTimeOffset? NullableTime(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetFieldValue<DateTimeOffset>(i);
}
