using Npgsql;
using NpgsqlTypes;
using Orchestrator.Core.Domain;
using Orchestrator.Core.Options;
using Orchestrator.Core.Ports;

namespace Orchestrator.Postgres;

/// <summary>
/// How demand is counted. <c>reigh</c> uses <c>count_eligible_tasks_service_role</c> (what Reigh's own
/// <c>task-counts</c> reports: dependencies done, credits, cloud enabled, per-user limit 5) beside the raw
/// Queued count of the run type; <c>plain</c> counts Queued and In Progress rows. Both cap claimable work
/// by task age.
/// </summary>
internal sealed class DemandQuery
{
    public const string FunctionSignature = "count_eligible_tasks_service_role(boolean,text)";

    /// <summary>$1 fresh cutoff, $2 run type, $3 arrival cutoff. Raw queued, fresh queued, queued_only, queued_plus_active, recent arrivals.</summary>
    internal const string ReighSql = """
        SELECT (SELECT count(*) FROM tasks t WHERE t.status = 'Queued' AND get_task_run_type(t.task_type) = $2)::int,
               (SELECT count(*) FROM tasks t WHERE t.status = 'Queued' AND t.created_at >= $1
                                                AND get_task_run_type(t.task_type) = $2)::int,
               count_eligible_tasks_service_role(false, $2),
               count_eligible_tasks_service_role(true, $2),
               (SELECT count(*) FROM tasks t WHERE t.created_at > $3 AND get_task_run_type(t.task_type) = $2)::int
        """;

    /// <summary>$1 fresh cutoff, $2 arrival cutoff. Raw queued, fresh queued, In Progress, recent arrivals.</summary>
    internal const string PlainSql = """
        SELECT count(*) FILTER (WHERE t.status = 'Queued')::int,
               count(*) FILTER (WHERE t.status = 'Queued' AND t.created_at >= $1)::int,
               count(*) FILTER (WHERE t.status = 'In Progress')::int,
               (SELECT count(*) FROM tasks r WHERE r.created_at > $2)::int
          FROM tasks t
         WHERE t.status IN ('Queued', 'In Progress')
        """;

    private DemandQuery(bool reigh) => UsesReigh = reigh;

    public bool UsesReigh { get; }

    public string Source => UsesReigh ? "reigh-eligible" : "plain-count";

    /// <summary>Picks the query for <paramref name="mode"/>; <c>reigh</c> without the function is a configuration error.</summary>
    public static DemandQuery For(string mode, bool hasFunction) => mode switch
    {
        "plain" => new DemandQuery(false),
        "reigh" when !hasFunction => throw new StoreException(
            $"DEMAND_MODE reigh: the database has no {FunctionSignature}; load Reigh's schema or set DEMAND_MODE=plain",
            kind: ErrorKind.Configuration),
        "reigh" => new DemandQuery(true),
        _ => new DemandQuery(hasFunction),
    };

    public static bool NeedsDetection(string mode) => mode != "plain";

    public NpgsqlBatchCommand Command(DateTimeOffset now, DemandOptions options)
    {
        var command = new NpgsqlBatchCommand(UsesReigh ? ReighSql : PlainSql);
        command.Parameters.Add(new NpgsqlParameter { Value = (now - options.MaxTaskAge).ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        if (UsesReigh)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = options.RunType, NpgsqlDbType = NpgsqlDbType.Text });
        }
        command.Parameters.Add(new NpgsqlParameter { Value = (now - options.ArrivalWindow).ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        return command;
    }

    public async Task<DemandSignal> ReadAsync(NpgsqlDataReader reader, DemandOptions options, CancellationToken cancellationToken)
    {
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var counts = new int[CountColumns];
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = reader.GetInt32(i);
        }
        return FromCounts(counts, options);
    }

    /// <summary>Columns of the demand query: the counts, then the recent arrivals.</summary>
    public int CountColumns => UsesReigh ? 5 : 4;

    /// <summary>The signal from the query's columns, in order (shared with the REST store's observe RPC).</summary>
    public DemandSignal FromCounts(IReadOnlyList<int> counts, DemandOptions options)
    {
        var queued = counts[0];
        var fresh = counts[1];
        if (!UsesReigh)
        {
            return new DemandSignal(queued, fresh, counts[2], Source)
            {
                TooOld = queued - fresh, RecentArrivals = counts[3], ArrivalWindow = options.ArrivalWindow,
            };
        }
        var queuedOnly = counts[2];
        var queuedPlusActive = counts[3];
        return new DemandSignal(queued, Math.Min(queuedOnly, fresh), Math.Max(0, queuedPlusActive - queuedOnly), Source)
        {
            TooOld = queued - fresh, RecentArrivals = counts[4], ArrivalWindow = options.ArrivalWindow,
        };
    }
}
