using System.Text.Json;
using Orchestrator.Core.Domain;

namespace Orchestrator.RunPod;

/// <summary>
/// The rows of a pod list that can be read. A row that is not an object (null, a number) means the answer is broken: the
/// whole list is refused. An object without a string id cannot be acted on: when its name carries our prefix the list is
/// refused too (fail closed: one of our pods would look missing and its worker dead); otherwise it is someone else's pod
/// and is passed over, like every pod outside our prefix.
/// </summary>
public static class PodRows
{
    public static IEnumerable<JsonElement> Readable(IEnumerable<JsonElement> rows, string namePrefix)
    {
        foreach (var row in rows)
        {
            if (row.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"a pod list row is {row.ValueKind}, not an object");
            }
            if (row.Prop("id") is { ValueKind: JsonValueKind.String } id && id.GetString() is { Length: > 0 })
            {
                yield return row;
            }
            else if (row.Str("name") is { } name && WorkerIds.HasPrefix(name, namePrefix))
            {
                throw new FormatException($"pod '{name}' was listed without an id");
            }
        }
    }
}
