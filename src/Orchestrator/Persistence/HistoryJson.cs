using System.Globalization;
using System.Text.Json;
using Orchestrator.Core.Ports;

namespace Orchestrator.Persistence;

/// <summary>
/// Reads the json of <c>orchestrator_status_history</c> (migration 017), for both stores. A malformed envelope is
/// the store's error (built by the caller); one unreadable audit row is left out.
/// </summary>
internal static class HistoryJson
{
    public static FleetHistory Read(JsonElement root, Func<string, StoreException> malformed)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw malformed($"a JSON {root.ValueKind} instead of an object");
        }
        if (!root.TryGetProperty("decisions", out var decisions) || decisions.ValueKind != JsonValueKind.Array)
        {
            throw malformed("no 'decisions' array");
        }
        if (!root.TryGetProperty("spend", out var spend) || !spend.TryGetDecimal(out var amount))
        {
            throw malformed("no number 'spend'");
        }
        var events = decisions.EnumerateArray().Select(Decision).OfType<ScalingEvent>().ToList();
        return new FleetHistory(events, amount, Time(root, "oldest_queued_at"));
    }

    private static ScalingEvent? Decision(JsonElement row)
    {
        if (row.ValueKind != JsonValueKind.Object || Time(row, "at") is not { } at || Text(row, "kind") is not { } kind
            || Text(row, "reason") is not { } reason)
        {
            return null;
        }
        var cycle = Text(row, "cycle_id") is { } id && Guid.TryParse(id, out var parsed) ? parsed : Guid.Empty;
        var details = row.TryGetProperty("details", out var d) && d.ValueKind != JsonValueKind.Null ? d.GetRawText() : null;
        return new ScalingEvent(at, cycle, kind, Text(row, "worker_id"), reason, details);
    }

    private static string? Text(JsonElement r, string name) =>
        r.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static DateTimeOffset? Time(JsonElement r, string name) =>
        Text(r, name) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
            ? at.ToUniversalTime()
            : null;
}
