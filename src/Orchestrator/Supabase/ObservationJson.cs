using System.Text.Json;
using Microsoft.Extensions.Logging;
using Orchestrator.Core.Domain;
using Orchestrator.Core.Options;
using Orchestrator.Core.Ports;
using Orchestrator.Postgres;

namespace Orchestrator.Supabase;

/// <summary>
/// Reads the jsonb of <c>orchestrator_observe</c>. A malformed envelope is a <see cref="StoreException"/>
/// (the cycle fails closed); one unreadable worker or outcome is skipped with a warning.
/// </summary>
internal static class ObservationJson
{
    public static StoreObservation Read(JsonElement root, DemandQuery query, DemandOptions options, ILogger logger)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw RestErrors.Malformed(RestRpc.Observe, $"a JSON {root.ValueKind} instead of an object");
        }
        var workers = new List<WorkerView>();
        foreach (var row in Array(root, "workers"))
        {
            if (WorkerJson.Read(row, out var problem) is { } view)
            {
                workers.Add(view);
            }
            else
            {
                RestStoreLog.WorkerRowSkipped(logger, WorkerJson.Id(row), problem ?? "unreadable row");
            }
        }
        var outcomes = Array(root, "outcomes").Select(WorkerJson.ReadOutcome).OfType<WorkerOutcome>().ToList();
        if (!root.TryGetProperty("paused", out var paused) || paused.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            throw RestErrors.Malformed(RestRpc.Observe, "no boolean 'paused'");
        }
        return new StoreObservation(Demand(root, query, options), workers, outcomes, paused.GetBoolean());
    }

    /// <summary>Whether the database has Reigh's eligibility function (decides the demand query).</summary>
    public static bool HasEligibilityFunction(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("has_eligibility_function", out var value) && value.ValueKind == JsonValueKind.True;

    private static DemandSignal Demand(JsonElement root, DemandQuery query, DemandOptions options)
    {
        if (!root.TryGetProperty("demand", out var demand) || demand.ValueKind != JsonValueKind.Object
            || !demand.TryGetProperty("source", out var source) || source.ValueKind != JsonValueKind.String
            || !demand.TryGetProperty("counts", out var counts) || counts.ValueKind != JsonValueKind.Array)
        {
            throw RestErrors.Malformed(RestRpc.Observe, "no demand {source, counts}");
        }
        if (source.GetString() != query.Source)
        {
            throw RestErrors.Malformed(RestRpc.Observe, $"demand counted as '{source.GetString()}' where '{query.Source}' was expected");
        }
        var values = new List<int>();
        foreach (var count in counts.EnumerateArray())
        {
            if (count.ValueKind != JsonValueKind.Number || !count.TryGetInt32(out var value))
            {
                throw RestErrors.Malformed(RestRpc.Observe, "a demand count that is not a whole number");
            }
            values.Add(value);
        }
        if (values.Count != query.CountColumns)
        {
            throw RestErrors.Malformed(RestRpc.Observe, $"{values.Count} demand counts");
        }
        return query.FromCounts(values, options);
    }

    private static JsonElement.ArrayEnumerator Array(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray()
            : throw RestErrors.Malformed(RestRpc.Observe, $"no '{name}' array");
}
