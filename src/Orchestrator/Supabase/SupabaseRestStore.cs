using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Orchestrator.Core.Domain;
using Orchestrator.Core.Options;
using Orchestrator.Core.Ports;
using Orchestrator.Persistence;
using Orchestrator.Postgres;

namespace Orchestrator.Supabase;

/// <summary>
/// The fleet store over Supabase's HTTPS surface, for operators with only SUPABASE_URL and the service
/// key. Every operation is one PostgREST RPC of the store functions (<see cref="StoreFunctions"/>, migrations
/// 010 and 011), the same functions the PostgreSQL store calls: the observation is one request per cycle whatever the fleet size, returns one jsonb value
/// (so PostgREST's 1,000-row cap never applies), and the conditional transition is one statement.
/// The first observation checks that the service's objects exist and names the missing ones.
/// </summary>
public sealed class SupabaseRestStore(SupabaseHttp http, DemandOptions demand, ILogger<SupabaseRestStore> logger) : IFleetStore, IHostKeyPins, IFleetHistory
{
    private readonly ReadinessCheck _readiness = new(http, logger);
    private readonly ObservationReader _reader = new(demand,
        what => RestErrors.Malformed(RestRpc.Observe, what),
        (workerId, reason) => RestStoreLog.WorkerRowSkipped(logger, workerId, reason),
        (choice, hasFunction) => RestStoreLog.DemandModeChosen(logger, choice.Source, demand.Mode, hasFunction));

    /// <summary>HTTP requests sent so far (retries included), for tests and the benchmark.</summary>
    public RoundTripCounter Requests => http.Requests;

    public async Task<StoreObservation> ObserveAsync(ObservationRequest request, CancellationToken cancellationToken)
    {
        await _readiness.EnsureAsync(demand.RunType, cancellationToken).ConfigureAwait(false);
        var arguments = new JsonObject
        {
            ["p_pod_names"] = new JsonArray(request.PodNames.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray()),
            ["p_outcomes_since"] = Time(request.Now - request.OutcomeWindow),
            ["p_fresh_since"] = Time(request.Now - demand.MaxTaskAge),
            ["p_demand_mode"] = demand.Mode,
            ["p_run_type"] = demand.RunType,
            ["p_arrived_since"] = Time(request.Now - demand.ArrivalWindow),
        };
        var result = await CallAsync(RestRpc.Observe, arguments, RestCall.Retried, cancellationToken).ConfigureAwait(false)
            ?? throw RestErrors.Malformed(RestRpc.Observe, "an empty answer");
        return _reader.Read(result);
    }

    public Task RegisterWorkerAsync(WorkerRegistration registration, CancellationToken cancellationToken) =>
        CallAsync(RestRpc.Register, new JsonObject
        {
            ["p_worker_id"] = registration.WorkerId,
            ["p_instance_type"] = registration.InstanceType,
            ["p_at"] = Time(registration.At),
        }, RestCall.Retried, cancellationToken);

    /// <summary>Not retried: a lost answer after a committed change would read as "state moved on"; the next cycle re-observes.</summary>
    public async Task<bool> ApplyAsync(WorkerChange change, CancellationToken cancellationToken)
    {
        var arguments = new JsonObject
        {
            ["p_worker_id"] = change.WorkerId,
            ["p_from"] = change.From.ToDb(),
            ["p_to"] = change.To.ToDb(),
            ["p_at"] = Time(change.At),
            ["p_reason"] = change.Reason,
            ["p_pod_id"] = change.PodId,
            ["p_gpu_type"] = change.GpuType,
            ["p_cost_per_hr"] = change.CostPerHour,
            ["p_health_failures"] = change.HealthFailures,
            ["p_bootstrap_attempts"] = change.BootstrapAttempts,
            ["p_launched_at"] = change.LaunchedAt is { } launched ? Time(launched) : null,
            ["p_outcome"] = WorkerJson.OutcomeToDb(change.Outcome),
            ["p_metadata"] = Metadata(change),
        };
        if (change.OnlyIfNoHeartbeatSince is { } since)
        {
            // Migration 011's parameter; sent only when set, so a project without 011 fails just these calls (closed).
            arguments["p_only_if_no_heartbeat_since"] = Time(since);
        }
        var result = await CallAsync(RestRpc.Apply, arguments, RestCall.Once, cancellationToken).ConfigureAwait(false);
        return result is { ValueKind: JsonValueKind.Number } count && count.TryGetInt32(out var changed)
            ? changed > 0
            : throw RestErrors.Malformed(RestRpc.Apply, "not a row count");
    }

    public async Task<RequeueResult> RequeueTasksAsync(string workerId, int maxAttempts, string reason, DateTimeOffset at, bool spendAttempt,
        CancellationToken cancellationToken)
    {
        var arguments = new JsonObject
        {
            ["p_worker_id"] = workerId, ["p_max_attempts"] = maxAttempts, ["p_reason"] = reason, ["p_at"] = Time(at), ["p_spend_attempt"] = spendAttempt,
        };
        var result = await CallAsync(RestRpc.Requeue, arguments, RestCall.Retried, cancellationToken).ConfigureAwait(false);
        if (result is not { ValueKind: JsonValueKind.Array } rows)
        {
            throw RestErrors.Malformed(RestRpc.Requeue, "not an array of tasks");
        }
        var requeued = new List<Guid>();
        var failed = new List<Guid>();
        foreach (var row in rows.EnumerateArray())
        {
            if (!row.TryGetProperty("task_id", out var id) || !id.TryGetGuid(out var taskId) || !row.TryGetProperty("new_status", out var status))
            {
                throw RestErrors.Malformed(RestRpc.Requeue, "a task without task_id/new_status");
            }
            (status.GetString() == "Failed" ? failed : requeued).Add(taskId);
        }
        if (requeued.Count + failed.Count > 0)
        {
            RestStoreLog.TasksRequeued(logger, workerId, requeued.Count, failed.Count, reason);
        }
        return new RequeueResult(requeued, failed);
    }

    /// <summary>Not retried (not idempotent): a retry after a lost answer would duplicate rows.</summary>
    public Task AppendEventsAsync(IReadOnlyList<ScalingEvent> events, CancellationToken cancellationToken) =>
        events.Count == 0 ? Task.CompletedTask : CallAsync(RestRpc.AppendEvents, new JsonObject
        {
            ["p_at"] = Array(events.Select(e => (JsonNode?)Time(e.At))),
            ["p_cycle_id"] = Array(events.Select(e => (JsonNode?)e.CycleId.ToString())),
            ["p_kind"] = Array(events.Select(e => (JsonNode?)e.Kind)),
            ["p_worker_id"] = Array(events.Select(e => (JsonNode?)e.WorkerId)),
            ["p_reason"] = Array(events.Select(e => (JsonNode?)e.Reason)),
            ["p_details"] = Array(events.Select(e => (JsonNode?)e.DetailsJson)),
        }, RestCall.Once, cancellationToken);

    public async Task SetPausedAsync(bool paused, string? reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await CallAsync(RestRpc.SetPaused, new JsonObject { ["p_paused"] = paused, ["p_reason"] = reason, ["p_at"] = Time(at) }, RestCall.Retried, cancellationToken)
            .ConfigureAwait(false);
        RestStoreLog.PauseChanged(logger, paused, reason ?? "no reason given");
    }

    /// <summary>Retried: pinning is idempotent (first writer wins, a repeat returns the same key).</summary>
    public async Task<string?> PinHostKeyAsync(string podId, string? fingerprint, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var arguments = new JsonObject { ["p_pod_id"] = podId, ["p_fingerprint"] = fingerprint, ["p_at"] = Time(at) };
        var result = await CallAsync(RestRpc.PinHostKey, arguments, RestCall.Retried, cancellationToken).ConfigureAwait(false);
        return result switch
        {
            null or { ValueKind: JsonValueKind.Null } => null,
            { ValueKind: JsonValueKind.String } text => text.GetString(),
            _ => throw RestErrors.Malformed(RestRpc.PinHostKey, "not a fingerprint"),
        };
    }

    /// <summary>Migration 017's <c>orchestrator_status_history</c>, for the status page; read-only, so retried.</summary>
    public async Task<FleetHistory> ReadHistoryAsync(HistoryRequest request, CancellationToken cancellationToken)
    {
        var arguments = new JsonObject
        {
            ["p_now"] = Time(request.Now),
            ["p_spend_since"] = Time(request.SpendSince),
            ["p_limit"] = request.Decisions,
            ["p_demand_mode"] = demand.Mode,
            ["p_run_type"] = demand.RunType,
        };
        var result = await CallAsync(RestRpc.History, arguments, RestCall.Retried, cancellationToken).ConfigureAwait(false)
            ?? throw RestErrors.Malformed(RestRpc.History, "an empty answer");
        return HistoryJson.Read(result, what => RestErrors.Malformed(RestRpc.History, what));
    }

    private async Task<JsonElement?> CallAsync(string function, JsonObject arguments, RestCall call, CancellationToken cancellationToken)
    {
        try
        {
            return await http.RpcAsync(function, arguments, call, cancellationToken).ConfigureAwait(false);
        }
        catch (StoreException ex) when (RestErrors.IsMissingObject(ex))
        {
            _readiness.Reset();
            throw;
        }
    }

    private static JsonNode? Metadata(WorkerChange change)
    {
        try
        {
            return WorkerJson.Metadata(change) is { } json ? JsonNode.Parse(json) : null;
        }
        catch (JsonException ex)
        {
            throw new StoreException($"{RestRpc.Apply}: worker {change.WorkerId}: metadata is not JSON ({ex.Message})", ex);
        }
    }

    private static JsonArray Array(IEnumerable<JsonNode?> values) => new(values.ToArray());

    private static string Time(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
