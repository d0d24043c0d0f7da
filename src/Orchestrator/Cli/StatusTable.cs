using System.Globalization;
using System.Text;
using Orchestrator.Core.Domain;
using Orchestrator.Core.Ports;

namespace Orchestrator.Cli;

/// <summary>The readable form of <c>status</c>: a header and one aligned row per live worker.</summary>
public static class StatusTable
{
    private static readonly string[] Headers = ["WORKER", "STATE", "AGE", "HEARTBEAT", "TASKS", "CURRENT TASK", "GPU", "$/H"];

    public static string Render(StoreObservation observation, IReadOnlyList<WorkerView> workers, DateTimeOffset now)
    {
        var d = observation.Demand;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"paused:  {(observation.Paused ? "YES (no new spawns)" : "no")}");
        text.AppendLine(CultureInfo.InvariantCulture, $"demand:  queued {d.Queued}, claimable {d.Claimable}, running {d.Running} ({d.Source})");
        text.AppendLine(CultureInfo.InvariantCulture, $"workers: {workers.Count} live, {workers.Sum(w => w.CostPerHour ?? 0):0.00} $/h");
        var rows = workers.Select(w => new[]
        {
            w.Id, w.State.ToDb(), Ago(now - w.CreatedAt), w.LastHeartbeat is { } hb ? Ago(now - hb) + " ago" : "never",
            w.RunningTasks.ToString(CultureInfo.InvariantCulture),
            w.OldestRunningTask is { } t ? $"{t.TaskType} {t.TaskId.ToString()[..8]}" : "-",
            w.GpuType ?? "-", w.CostPerHour?.ToString("0.00", CultureInfo.InvariantCulture) ?? "-",
        }).ToList();
        if (rows.Count == 0)
        {
            return text.ToString();
        }
        var widths = Headers.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
        text.AppendLine();
        foreach (var row in rows.Prepend(Headers))
        {
            text.AppendLine(string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
        }
        return text.ToString();
    }

    /// <summary>A short age: 45s, 12m, 3h05m, 2d04h.</summary>
    public static string Ago(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }
        return span.TotalSeconds < 90 ? $"{(int)span.TotalSeconds}s"
            : span.TotalMinutes < 90 ? $"{(int)span.TotalMinutes}m"
            : span.TotalHours < 48 ? $"{(int)span.TotalHours}h{span.Minutes:00}m"
            : $"{(int)span.TotalDays}d{span.Hours:00}h";
    }
}
