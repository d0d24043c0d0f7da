using System.Text.Json;
using Orchestrator.Core.Domain;
using Orchestrator.Core.Options;
using Orchestrator.Core.Ports;

namespace Orchestrator.Persistence;

/// <summary>
/// Reads the json of <c>orchestrator_observe</c> (the REST store's, from PostgREST), or the json head of
/// <c>orchestrator_observe_rows</c> with the workers the PostgreSQL store read as binary rows. The first answer decides how demand
/// is counted (<see cref="DemandChoice"/>), once. A malformed envelope is a <see cref="StoreException"/> (the
/// cycle fails closed); one unreadable worker or outcome is skipped with a warning.
/// </summary>
/// <param name="demand">The demand options the observation was asked with.</param>
/// <param name="malformed">Builds the store's error for an answer it cannot read (given what is wrong).</param>
/// <param name="rowSkipped">Logs a skipped worker row (worker id, why), with the store's own event.</param>
/// <param name="demandChosen">Logs the demand choice (and whether the eligibility function exists), with the store's own event.</param>
internal sealed class ObservationReader(
    DemandOptions demand,
    Func<string, StoreException> malformed,
    Action<string, string> rowSkipped,
    Action<DemandChoice, bool> demandChosen)
{
    private DemandChoice? _choice;

    /// <summary>The whole observation as json (<c>orchestrator_observe</c>): the head's fields and a <c>workers</c> array.</summary>
    public StoreObservation Read(JsonElement root)
    {
        RequireObject(root);
        var workers = new List<WorkerView>();
        foreach (var row in Array(root, "workers"))
        {
            if (WorkerJson.Read(row, out var problem) is { } view)
            {
                workers.Add(view);
            }
            else
            {
                rowSkipped(WorkerJson.Id(row), problem ?? "unreadable row");
            }
        }
        return Read(root, workers);
    }

    /// <summary>
    /// The observation's head (the row of <c>orchestrator_observe_rows</c> whose <c>head</c> is set: demand, outcomes, pause) with the workers
    /// read apart (the PostgreSQL store reads them as binary rows, skipping unreadable ones itself).
    /// </summary>
    public StoreObservation Read(JsonElement head, IReadOnlyList<WorkerView> workers)
    {
        RequireObject(head);
        var choice = _choice ??= Choose(head);
        var outcomes = Array(head, "outcomes").Select(WorkerJson.ReadOutcome).OfType<WorkerOutcome>().ToList();
        if (!head.TryGetProperty("paused", out var paused) || paused.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            throw malformed("no boolean 'paused'");
        }
        return new StoreObservation(Demand(head, choice), workers, outcomes, paused.GetBoolean());
    }

    private void RequireObject(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw malformed($"a JSON {root.ValueKind} instead of an object");
        }
    }

    private DemandChoice Choose(JsonElement root)
    {
        var hasFunction = root.TryGetProperty("has_eligibility_function", out var value) && value.ValueKind == JsonValueKind.True;
        var choice = DemandChoice.For(demand.Mode, hasFunction);
        demandChosen(choice, hasFunction);
        return choice;
    }

    private DemandSignal Demand(JsonElement root, DemandChoice choice)
    {
        if (!root.TryGetProperty("demand", out var signal) || signal.ValueKind != JsonValueKind.Object
            || !signal.TryGetProperty("source", out var source) || source.ValueKind != JsonValueKind.String
            || !signal.TryGetProperty("counts", out var counts) || counts.ValueKind != JsonValueKind.Array)
        {
            throw malformed("no demand {source, counts}");
        }
        if (source.GetString() != choice.Source)
        {
            throw malformed($"demand counted as '{source.GetString()}' where '{choice.Source}' was expected");
        }
        var values = new List<int>();
        foreach (var count in counts.EnumerateArray())
        {
            if (count.ValueKind != JsonValueKind.Number || !count.TryGetInt32(out var value))
            {
                throw malformed("a demand count that is not a whole number");
            }
            values.Add(value);
        }
        if (values.Count != choice.CountColumns)
        {
            throw malformed($"{values.Count} demand counts");
        }
        return choice.FromCounts(values, demand);
    }

    private JsonElement.ArrayEnumerator Array(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray()
            : throw malformed($"no '{name}' array");
}
