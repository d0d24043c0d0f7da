using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Orchestrator.Core.Domain;
using Orchestrator.Core.Options;
using Orchestrator.Core.Ports;
using Orchestrator.Persistence;

namespace Orchestrator.Postgres;

/// <summary>
/// The fleet store on PostgreSQL (Reigh's tables plus the <c>orchestrator_*</c> tables of the migrations).
/// Every operation is one <c>SELECT</c> of a store function (<see cref="StoreFunctions"/>: migrations 010
/// and 011), the same functions the Supabase REST store calls; this class sends no query text of its own.
/// The observation is one round trip (<c>orchestrator_observe_rows</c>, migration 018: a json head read by the
/// <see cref="ObservationReader"/> both stores share, then the workers as binary rows) whatever the fleet size.
/// Failures become <see cref="StoreException"/>.
/// </summary>
public sealed class NpgsqlFleetStore : IFleetStore, IHostKeyPins, IFleetHistory
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly DemandOptions _demand;
    private readonly ILogger<NpgsqlFleetStore> _logger;
    private readonly FunctionCheck _functions;
    private readonly ObservationReader _reader;

    public NpgsqlFleetStore(NpgsqlDataSource dataSource, DemandOptions demand, ILogger<NpgsqlFleetStore> logger)
    {
        _dataSource = dataSource;
        _demand = demand;
        _logger = logger;
        _functions = new FunctionCheck(logger);
        _reader = new ObservationReader(demand,
            what => new StoreException($"{StoreFunctions.Observe}: the database answered something the service cannot read ({what})"),
            (workerId, reason) => StoreLog.WorkerRowSkipped(logger, workerId, reason),
            (choice, hasFunction) => StoreLog.DemandModeChosen(logger, choice.Source, demand.Mode, hasFunction));
    }

    /// <summary>Statements sent so far (one round trip each once the pool is warm).</summary>
    public RoundTripCounter RoundTrips { get; } = new();

    public Task<StoreObservation> ObserveAsync(ObservationRequest request, CancellationToken cancellationToken) =>
        RunAsync("observe", async (connection, ct) =>
        {
            await _functions.EnsureAsync(connection, RoundTrips, ct).ConfigureAwait(false);
            await using var command = CallRows(connection, StoreFunctions.ObserveRows,
                Param(request.PodNames.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text), Time(request.Now - request.OutcomeWindow),
                Time(request.Now - _demand.MaxTaskAge), Param(_demand.Mode, NpgsqlDbType.Text), Param(_demand.RunType, NpgsqlDbType.Text),
                Time(request.Now - _demand.ArrivalWindow));
            RoundTrips.Add();
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            return await ReadObservationAsync(reader, ct).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary><c>orchestrator_observe_rows</c>: the json head (the one row whose <c>head</c> is set, in no fixed place) and one binary row per worker.</summary>
    private async Task<StoreObservation> ReadObservationAsync(NpgsqlDataReader reader, CancellationToken ct)
    {
        var head = reader.GetOrdinal("head");
        var rows = new WorkerRows(reader);
        JsonDocument? json = null;
        try
        {
            var workers = new List<WorkerView>();
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                if (!reader.IsDBNull(head))
                {
                    json?.Dispose();
                    json = reader.GetFieldValue<JsonDocument>(head);
                }
                else if (rows.Read(reader, out var problem) is { } view)
                {
                    workers.Add(view);
                }
                else
                {
                    StoreLog.WorkerRowSkipped(_logger, rows.Id(reader), problem ?? "unreadable row");
                }
            }
            if (json is null)
            {
                throw new StoreException($"{StoreFunctions.ObserveRows}: the database answered no observation");
            }
            workers.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id)); // the REST store's order (json_agg ... COLLATE "C")
            return _reader.Read(json.RootElement, workers);
        }
        finally
        {
            json?.Dispose();
        }
    }

    public Task RegisterWorkerAsync(WorkerRegistration registration, CancellationToken cancellationToken) =>
        ExecuteAsync("register-worker", StoreFunctions.Register, cancellationToken,
            Param(registration.WorkerId, NpgsqlDbType.Text), Param(registration.InstanceType, NpgsqlDbType.Text), Time(registration.At));

    public Task<bool> ApplyAsync(WorkerChange change, CancellationToken cancellationToken) =>
        RunAsync("apply-worker-change", async (connection, ct) =>
        {
            await using var command = Call(connection, StoreFunctions.Apply,
                Param(change.WorkerId, NpgsqlDbType.Text), Param(change.From.ToDb(), NpgsqlDbType.Text),
                Param(change.To.ToDb(), NpgsqlDbType.Text), Time(change.At), Param(change.Reason, NpgsqlDbType.Text),
                Param(change.PodId, NpgsqlDbType.Text), Param(change.GpuType, NpgsqlDbType.Text),
                Param(change.CostPerHour, NpgsqlDbType.Numeric), Param(change.HealthFailures, NpgsqlDbType.Integer),
                Param(change.BootstrapAttempts, NpgsqlDbType.Integer), Time(change.LaunchedAt),
                Param(WorkerJson.OutcomeToDb(change.Outcome), NpgsqlDbType.Text), Param(WorkerJson.Metadata(change), NpgsqlDbType.Jsonb),
                Time(change.OnlyIfNoHeartbeatSince));
            RoundTrips.Add();
            var changed = (int)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false) ?? 0);
            return changed > 0;
        }, cancellationToken);

    public Task<RequeueResult> RequeueTasksAsync(string workerId, int maxAttempts, string reason, DateTimeOffset at, bool spendAttempt,
        CancellationToken cancellationToken) =>
        RunAsync("requeue-tasks", async (connection, ct) =>
        {
            await using var command = CallRows(connection, StoreFunctions.Requeue,
                Param(workerId, NpgsqlDbType.Text), Param(maxAttempts, NpgsqlDbType.Integer), Param(reason, NpgsqlDbType.Text), Time(at),
                Param(spendAttempt, NpgsqlDbType.Boolean));
            RoundTrips.Add();
            var requeued = new List<Guid>();
            var failed = new List<Guid>();
            await using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    (reader.GetString(1) == "Failed" ? failed : requeued).Add(reader.GetGuid(0));
                }
            }
            if (requeued.Count + failed.Count > 0)
            {
                StoreLog.TasksRequeued(_logger, workerId, requeued.Count, failed.Count, reason);
            }
            return new RequeueResult(requeued, failed);
        }, cancellationToken);

    public Task AppendEventsAsync(IReadOnlyList<ScalingEvent> events, CancellationToken cancellationToken) =>
        events.Count == 0 ? Task.CompletedTask : ExecuteAsync("append-events", StoreFunctions.AppendEvents, cancellationToken,
            Param(events.Select(e => e.At.ToUniversalTime()).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.TimestampTz),
            Param(events.Select(e => e.CycleId).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Uuid),
            Param(events.Select(e => e.Kind).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text),
            Param(events.Select(e => e.WorkerId).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text),
            Param(events.Select(e => e.Reason).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text),
            Param(events.Select(e => e.DetailsJson).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text));

    public async Task SetPausedAsync(bool paused, string? reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await ExecuteAsync("set-paused", StoreFunctions.SetPaused, cancellationToken,
            Param(paused, NpgsqlDbType.Boolean), Param(reason, NpgsqlDbType.Text), Time(at)).ConfigureAwait(false);
        StoreLog.PauseChanged(_logger, paused, reason ?? "no reason given");
    }

    public Task<string?> PinHostKeyAsync(string podId, string? fingerprint, DateTimeOffset at, CancellationToken cancellationToken) =>
        RunAsync("pin-host-key", async (connection, ct) =>
        {
            await using var command = Call(connection, StoreFunctions.PinHostKey,
                Param(podId, NpgsqlDbType.Text), Param(fingerprint, NpgsqlDbType.Text), Time(at));
            RoundTrips.Add();
            return await command.ExecuteScalarAsync(ct).ConfigureAwait(false) as string;
        }, cancellationToken);

    /// <summary>Migration 017's <c>orchestrator_status_history</c>: one read-only statement, for the status page.</summary>
    public Task<FleetHistory> ReadHistoryAsync(HistoryRequest request, CancellationToken cancellationToken) =>
        RunAsync("read-history", async (connection, ct) =>
        {
            await using var command = Call(connection, StoreFunctions.History, Time(request.Now), Time(request.SpendSince),
                Param(request.Decisions, NpgsqlDbType.Integer), Param(_demand.Mode, NpgsqlDbType.Text), Param(_demand.RunType, NpgsqlDbType.Text));
            RoundTrips.Add();
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            if (!await reader.ReadAsync(ct).ConfigureAwait(false) || reader.IsDBNull(0))
            {
                throw new StoreException($"{StoreFunctions.History}: the database answered nothing");
            }
            using var json = reader.GetFieldValue<JsonDocument>(0);
            return HistoryJson.Read(json.RootElement, what => new StoreException($"{StoreFunctions.History}: the database answered something the service cannot read ({what})"));
        }, cancellationToken);

    private Task ExecuteAsync(string operation, string function, CancellationToken cancellationToken, params NpgsqlParameter[] parameters) =>
        RunAsync(operation, async (connection, ct) =>
        {
            await using var command = Call(connection, function, parameters);
            RoundTrips.Add();
            return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>Opens a pooled connection, runs <paramref name="body"/>, translates failures.</summary>
    private async Task<T> RunAsync<T>(string operation, Func<NpgsqlConnection, CancellationToken, Task<T>> body, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            return await body(connection, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (StoreErrors.IsStoreFailure(ex))
        {
            if (ex is PostgresException { SqlState: StoreErrors.UndefinedFunction })
            {
                _functions.Reset();
            }
            var error = StoreErrors.Translate(operation, ex);
            StoreLog.CallFailed(_logger, operation, clock.ElapsedMilliseconds, error.Message);
            throw error;
        }
    }

    /// <summary><c>SELECT function($1, ..., $n)</c>: one value (or none).</summary>
    private static NpgsqlCommand Call(NpgsqlConnection connection, string function, params NpgsqlParameter[] parameters) =>
        Command(connection, $"SELECT {function}({Arguments(parameters)})", parameters);

    /// <summary><c>SELECT * FROM function($1, ..., $n)</c>: the rows of a set-returning function.</summary>
    private static NpgsqlCommand CallRows(NpgsqlConnection connection, string function, params NpgsqlParameter[] parameters) =>
        Command(connection, $"SELECT * FROM {function}({Arguments(parameters)})", parameters);

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddRange(parameters);
        return command;
    }

    private static string Arguments(NpgsqlParameter[] parameters) => string.Join(", ", Enumerable.Range(1, parameters.Length).Select(i => $"${i}"));

    private static NpgsqlParameter Param(object? value, NpgsqlDbType type) => new() { Value = value ?? DBNull.Value, NpgsqlDbType = type };

    private static NpgsqlParameter Time(DateTimeOffset? value) => Param(value?.ToUniversalTime(), NpgsqlDbType.TimestampTz);
}
