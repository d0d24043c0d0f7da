using System.Text.Json;
using Orchestrator.Core.Ports;
using Orchestrator.RunPod;

namespace Orchestrator.Observability;

/// <summary>
/// The parts of <c>/api/status</c> read from the store (<see cref="HistoryReading"/>: the spend since midnight UTC,
/// the last audit decisions with their reason code and text) and the RunPod adapter's placement back-offs.
/// </summary>
public static class StatusHistoryJson
{
    public static void Write(Utf8JsonWriter w, HistoryReading reading)
    {
        w.WriteStartObject("history");
        w.WriteString("read_at", reading.At);
        w.WriteString("source", "store");
        w.WriteString("error", reading.Error);
        w.WriteEndObject();
        if (reading.History is not { } history)
        {
            w.WriteNull("spend_today");
            w.WriteNull("decisions");
            return;
        }
        w.WriteStartObject("spend_today");
        w.WriteString("since", reading.SpendSince);
        w.WriteNumber("amount", history.Spend);
        w.WriteEndObject();
        w.WriteStartArray("decisions"); // newest first, as the store returns them
        foreach (var e in history.Decisions)
        {
            w.WriteStartObject();
            w.WriteString("at", e.At);
            w.WriteString("kind", e.Kind);
            w.WriteString("worker_id", e.WorkerId);
            w.WriteString("code", FleetMetrics.ReasonCode(e.Reason));
            w.WriteString("reason", e.Reason);
            w.WriteString("text", Text(e));
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    public static void WriteBackoffs(Utf8JsonWriter w, IReadOnlyList<PlacementBackoffEntry> backoffs, DateTimeOffset now)
    {
        w.WriteStartArray("placement_backoffs");
        foreach (var b in backoffs)
        {
            var at = b.Key.LastIndexOf('@');
            w.WriteStartObject();
            w.WriteString("gpu_type", at > 0 ? b.Key[..at] : b.Key);
            w.WriteString("data_center", at > 0 ? b.Key[(at + 1)..] : "any");
            w.WriteString("until", b.Until);
            w.WriteNumber("retry_in_sec", StatusJson.Seconds(b.Until - now));
            w.WriteNumber("misses", b.Strikes);
            w.WriteString("why", b.Why);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    /// <summary>A cycle row's scaling reasons joined; any other row's details as stored (JSON text).</summary>
    private static string? Text(ScalingEvent e)
    {
        if (e.DetailsJson is null || e.Kind != "cycle")
        {
            return e.DetailsJson;
        }
        try
        {
            using var doc = JsonDocument.Parse(e.DetailsJson);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("reasons", out var reasons)
                && reasons.ValueKind == JsonValueKind.Array
                ? string.Join("; ", reasons.EnumerateArray().Select(r => r.ToString()))
                : e.DetailsJson;
        }
        catch (JsonException)
        {
            return e.DetailsJson;
        }
    }
}
