using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Orchestrator.Core.Domain;
using Orchestrator.Core.Options;
using Orchestrator.Core.Ports;

namespace Orchestrator.Postgres;

/// <summary>
/// The fleet store on PostgreSQL (Reigh's tables plus the <c>orchestrator_*</c> tables of the
/// migrations). Observation is one batch of set-based queries; every write is one statement, and
/// conditional where the contract says so. Failures become <see cref="StoreException"/>.
/// </summary>
public sealed class NpgsqlFleetStore(NpgsqlDataSource dataSource, DemandOptions demand, ILogger<NpgsqlFleetStore> logger) : IFleetStore
{
    private DemandQuery? _demandQuery;

    /// <summary>Statements and batches sent so far (one round trip each once the pool is warm).</summary>
    public RoundTripCounter RoundTrips { get; } = new();

    public Task<StoreObservation> ObserveAsync(ObservationRequest request, CancellationToken cancellationToken) =>
        RunAsync("observe", async (connection, ct) =>
        {
            var query = _demandQuery ??= await DetectDemandAsync(connection, ct).ConfigureAwait(false);
            await using var batch = new NpgsqlBatch(connection);
            batch.BatchCommands.Add(Command(FleetSql.ObserveWorkers, Param(request.PodNames.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text)));
            batch.BatchCommands.Add(Command(FleetSql.ObserveOutcomes, Time(request.Now - request.OutcomeWindow)));
            batch.BatchCommands.Add(Command(FleetSql.ObservePaused));
            batch.BatchCommands.Add(query.Command(request.Now, demand));
            RoundTrips.Add();
            await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
            var workers = await ReadWorkersAsync(reader, ct).ConfigureAwait(false);
            await reader.NextResultAsync(ct).ConfigureAwait(false);
            var outcomes = new List<WorkerOutcome>();
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                if (WorkerRowReader.ReadOutcome(reader) is { } outcome)
                {
                    outcomes.Add(outcome);
                }
            }
            await reader.NextResultAsync(ct).ConfigureAwait(false);
            await reader.ReadAsync(ct).ConfigureAwait(false);
            var paused = reader.GetBoolean(0);
            await reader.NextResultAsync(ct).ConfigureAwait(false);
            var signal = await query.ReadAsync(reader, demand, ct).ConfigureAwait(false);
            return new StoreObservation(signal, workers, outcomes, paused);
        }, cancellationToken);

    public Task RegisterWorkerAsync(WorkerRegistration registration, CancellationToken cancellationToken) =>
        ExecuteAsync("register-worker", FleetSql.Register, cancellationToken,
            Param(registration.WorkerId, NpgsqlDbType.Text), Param(registration.InstanceType, NpgsqlDbType.Text), Time(registration.At));

    public Task<bool> ApplyAsync(WorkerChange change, CancellationToken cancellationToken) =>
        RunAsync("apply-worker-change", async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand(FleetSql.Apply, connection);
            command.Parameters.AddRange(new NpgsqlParameter[]
            {
                Param(change.WorkerId, NpgsqlDbType.Text), Param(change.From.ToDb(), NpgsqlDbType.Text),
                Param(change.To.ToDb(), NpgsqlDbType.Text), Time(change.At), Param(change.Reason, NpgsqlDbType.Text),
                Param(change.PodId, NpgsqlDbType.Text), Param(change.GpuType, NpgsqlDbType.Text),
                Param(change.CostPerHour, NpgsqlDbType.Numeric), Param(change.HealthFailures, NpgsqlDbType.Integer),
                Param(change.BootstrapAttempts, NpgsqlDbType.Integer), Time(change.LaunchedAt),
                Param(WorkerRowReader.OutcomeToDb(change.Outcome), NpgsqlDbType.Text), Param(change.MetadataJson, NpgsqlDbType.Jsonb),
                Time(change.OnlyIfNoHeartbeatSince),
            });
            RoundTrips.Add();
            var changed = (int)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false) ?? 0);
            return changed > 0;
        }, cancellationToken);

    public Task<RequeueResult> RequeueTasksAsync(string workerId, int maxAttempts, string reason, DateTimeOffset at, CancellationToken cancellationToken) =>
        RunAsync("requeue-tasks", async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand(FleetSql.Requeue, connection);
            command.Parameters.AddRange(new[] { Param(workerId, NpgsqlDbType.Text), Param(maxAttempts, NpgsqlDbType.Integer), Param(reason, NpgsqlDbType.Text), Time(at) });
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
                StoreLog.TasksRequeued(logger, workerId, requeued.Count, failed.Count, reason);
            }
            return new RequeueResult(requeued, failed);
        }, cancellationToken);

    public Task AppendEventsAsync(IReadOnlyList<ScalingEvent> events, CancellationToken cancellationToken) =>
        events.Count == 0 ? Task.CompletedTask : ExecuteAsync("append-events", FleetSql.AppendEvents, cancellationToken,
            Param(events.Select(e => e.At.ToUniversalTime()).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.TimestampTz),
            Param(events.Select(e => e.CycleId).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Uuid),
            Param(events.Select(e => e.Kind).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text),
            Param(events.Select(e => e.WorkerId).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text),
            Param(events.Select(e => e.Reason).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text),
            Param(events.Select(e => e.DetailsJson).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text));

    public async Task SetPausedAsync(bool paused, string? reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await ExecuteAsync("set-paused", FleetSql.SetPaused, cancellationToken,
            Param(paused, NpgsqlDbType.Boolean), Param(reason, NpgsqlDbType.Text), Time(at)).ConfigureAwait(false);
        StoreLog.PauseChanged(logger, paused, reason ?? "no reason given");
    }

    private async Task<DemandQuery> DetectDemandAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var hasFunction = false;
        if (DemandQuery.NeedsDetection(demand.Mode))
        {
            await using var command = new NpgsqlCommand($"SELECT to_regprocedure('{DemandQuery.FunctionSignature}') IS NOT NULL", connection);
            RoundTrips.Add();
            hasFunction = (bool)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false) ?? false);
        }
        var query = DemandQuery.For(demand.Mode, hasFunction);
        StoreLog.DemandModeChosen(logger, query.Source, demand.Mode, hasFunction);
        return query;
    }

    private async Task<List<WorkerView>> ReadWorkersAsync(NpgsqlDataReader reader, CancellationToken ct)
    {
        var workers = new List<WorkerView>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            if (WorkerRowReader.Read(reader, out var problem) is { } view)
            {
                workers.Add(view);
            }
            else
            {
                StoreLog.WorkerRowSkipped(logger, reader.GetString(0), problem ?? "unreadable row");
            }
        }
        return workers;
    }

    private Task ExecuteAsync(string operation, string sql, CancellationToken cancellationToken, params NpgsqlParameter[] parameters) =>
        RunAsync(operation, async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddRange(parameters);
            RoundTrips.Add();
            return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>Opens a pooled connection, runs <paramref name="body"/>, translates failures.</summary>
    private async Task<T> RunAsync<T>(string operation, Func<NpgsqlConnection, CancellationToken, Task<T>> body, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            return await body(connection, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (StoreErrors.IsStoreFailure(ex))
        {
            var error = StoreErrors.Translate(operation, ex);
            StoreLog.CallFailed(logger, operation, clock.ElapsedMilliseconds, error.Message);
            throw error;
        }
    }

    private static NpgsqlBatchCommand Command(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    private static NpgsqlParameter Param(object? value, NpgsqlDbType type) => new() { Value = value ?? DBNull.Value, NpgsqlDbType = type };

    private static NpgsqlParameter Time(DateTimeOffset? value) => Param(value?.ToUniversalTime(), NpgsqlDbType.TimestampTz);
}
