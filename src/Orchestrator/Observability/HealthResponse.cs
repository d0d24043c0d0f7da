using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Orchestrator.Observability;

/// <summary>
/// The JSON body of /livez, /readyz and /healthz, written with <see cref="Utf8JsonWriter"/>:
/// <c>status</c> (healthy, starting, stale, failing, unreadable; alive or stalled for /livez),
/// <c>last_cycle_age_s</c>, <c>consecutive_failures</c>, <c>reason</c> (why it is not healthy), and
/// <c>checks</c> with each check's status and description. No secrets and no error text, only kinds.
/// </summary>
public static class HealthResponse
{
    public const string StatusKey = "status";
    public const string AgeKey = "last_cycle_age_s";
    public const string FailuresKey = "consecutive_failures";

    public static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteString("status", Status(report));
        if (report.Entries.TryGetValue("cycle", out var cycle))
        {
            WriteData(json, cycle.Data);
        }
        var failing = report.Entries.Where(e => e.Value.Status == HealthStatus.Unhealthy).Select(e => e.Value.Description).ToList();
        if (failing.Count > 0)
        {
            json.WriteString("reason", string.Join("; ", failing));
        }
        json.WriteStartObject("checks");
        foreach (var (name, entry) in report.Entries)
        {
            json.WriteStartObject(name);
            json.WriteString("status", entry.Data.TryGetValue(StatusKey, out var s) ? s as string : entry.Status.ToString().ToLowerInvariant());
            json.WriteBoolean("ok", entry.Status != HealthStatus.Unhealthy);
            json.WriteString("description", entry.Description);
            json.WriteEndObject();
        }
        json.WriteEndObject();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The cycle's word unless the cycle is fine and a dependency is not.</summary>
    public static string Status(HealthReport report)
    {
        var cycle = report.Entries.TryGetValue("cycle", out var c) ? c : report.Entries.Values.FirstOrDefault();
        var word = cycle.Data?.TryGetValue(StatusKey, out var s) == true ? (string)s : report.Status.ToString().ToLowerInvariant();
        return cycle.Status != HealthStatus.Unhealthy && report.Status == HealthStatus.Unhealthy ? "unreadable" : word;
    }

    private static void WriteData(Utf8JsonWriter json, IReadOnlyDictionary<string, object> data)
    {
        if (data.TryGetValue(AgeKey, out var age) && age is double a)
        {
            json.WriteNumber(AgeKey, Math.Round(a, 1));
        }
        else
        {
            json.WriteNull(AgeKey);
        }
        json.WriteNumber(FailuresKey, data.TryGetValue(FailuresKey, out var f) && f is int n ? n : 0);
    }

    /// <summary>A verdict as a health check result, its status word and cycle numbers in the data.</summary>
    public static HealthCheckResult Result(HealthVerdict verdict)
    {
        var data = new Dictionary<string, object> { [StatusKey] = verdict.Status, [FailuresKey] = verdict.ConsecutiveFailures };
        if (verdict.LastCycleAgeSeconds is { } age)
        {
            data[AgeKey] = age;
        }
        return verdict.Healthy ? HealthCheckResult.Healthy(verdict.Description, data) : HealthCheckResult.Unhealthy(verdict.Description, data: data);
    }
}
