using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Orchestrator.Core.Ports;
using Orchestrator.Persistence;

namespace Orchestrator.Postgres;

/// <summary>
/// The PostgreSQL store's start-up check: one query asking which of <see cref="StoreFunctions.CalledByPostgres"/>
/// (with the exact signatures the store calls) the database lacks. Until all exist, each observation repeats it
/// and fails closed with a <see cref="ErrorKind.Configuration"/> error naming each missing function, its
/// migration and <c>orchestrator migrate</c>. A function found missing later (SQLSTATE 42883) re-arms it.
/// </summary>
internal sealed class FunctionCheck(ILogger logger)
{
    private const string MissingSql = "SELECT coalesce(array_agg(s), '{}') FROM unnest($1::text[]) AS s WHERE to_regprocedure(s) IS NULL";

    private volatile bool _ready;

    public void Reset() => _ready = false;

    /// <summary>Checks once (one round trip, counted in <paramref name="roundTrips"/>) until everything is present.</summary>
    public async Task EnsureAsync(NpgsqlConnection connection, RoundTripCounter roundTrips, CancellationToken cancellationToken)
    {
        if (_ready)
        {
            return;
        }
        await using var command = new NpgsqlCommand(MissingSql, connection);
        command.Parameters.Add(new NpgsqlParameter
        {
            Value = StoreFunctions.CalledByPostgres.Select(f => f.Signature).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text,
        });
        roundTrips.Add();
        var missing = (string[])(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) ?? Array.Empty<string>());
        if (missing.Length == 0)
        {
            _ready = true;
            return;
        }
        var list = string.Join(", ", StoreFunctions.CalledByPostgres.Where(f => missing.Contains(f.Signature)).Select(f => $"{f.Name} (migration {f.Migration})"));
        StoreLog.FunctionsMissing(logger, list);
        throw new StoreException($"the database lacks the store's functions: {list}; run `orchestrator migrate`", kind: ErrorKind.Configuration);
    }
}
