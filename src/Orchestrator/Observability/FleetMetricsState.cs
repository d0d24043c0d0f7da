using System.Text.Json;
using Orchestrator.Core.Cycle;
using Orchestrator.Core.Ports;

namespace Orchestrator.Observability;

/// <summary>The counters and last observations behind <see cref="FleetMetrics"/>. Not thread-safe on its own.</summary>
internal sealed class FleetMetricsState
{
    public static readonly double[] DurationBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

    public long CyclesOk { get; private set; }
    public long CyclesFailed { get; private set; }
    public long Spawns { get; private set; }
    public long RequeuedTasks { get; private set; }
    public long FailedTasks { get; private set; }
    public SortedDictionary<string, long> Terminations { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, long> WorkerFailures { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, long> SpawnFailures { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, long> Bootstraps { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<(string To, string Reason), long> Transitions { get; } = new();
    public long[] DurationBucketCounts { get; } = new long[DurationBuckets.Length];
    public double DurationSum { get; private set; }
    public double LastDurationSeconds { get; private set; }
    /// <summary>The last cycle that observed the fleet (its gauges are exported).</summary>
    public CycleReport? LastObserved { get; private set; }
    public DateTimeOffset? LastCycleAt { get; private set; }
    public DateTimeOffset? LastSuccessAt { get; private set; }
    public int ConsecutiveFailures { get; private set; }

    public void Record(CycleReport report, DateTimeOffset at)
    {
        LastCycleAt = at;
        RecordDuration(report.Duration.TotalSeconds);
        if (!report.Succeeded)
        {
            CyclesFailed++;
            ConsecutiveFailures++;
            return;
        }
        CyclesOk++;
        ConsecutiveFailures = 0;
        LastSuccessAt = at;
        if (report.Plan is not null && report.Demand is not null)
        {
            LastObserved = report;
        }
        Spawns += report.Spawned;
        RequeuedTasks += report.Requeued;
        FailedTasks += report.FailedTasks;
        foreach (var e in report.Events)
        {
            Count(e);
        }
    }

    private void RecordDuration(double seconds)
    {
        LastDurationSeconds = seconds;
        DurationSum += seconds;
        for (var i = 0; i < DurationBuckets.Length; i++)
        {
            if (seconds <= DurationBuckets[i])
            {
                DurationBucketCounts[i]++;
            }
        }
    }

    /// <summary>
    /// The stable reason code only: "heartbeat-stale:180s" and "task-stuck:&lt;task id&gt;" carry details
    /// that would make a new series per value; the details stay in the logs and the audit table.
    /// </summary>
    public static string ReasonCode(string reason)
    {
        var colon = reason.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 ? reason[..colon] : reason;
    }

    private void Count(ScalingEvent e)
    {
        var reason = ReasonCode(e.Reason);
        switch (e.Kind)
        {
            case "terminate":
                Add(Terminations, reason);
                break;
            case "spawn-failed":
                Add(SpawnFailures, reason);
                break;
            case "bootstrap":
                Add(Bootstraps, reason);
                break;
            case "transition":
                var to = TargetState(e.DetailsJson);
                Transitions[(to, reason)] = Transitions.GetValueOrDefault((to, reason)) + 1;
                if (to == "error")
                {
                    Add(WorkerFailures, reason);
                }
                break;
        }
    }

    private static void Add(SortedDictionary<string, long> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;

    private static string TargetState(string? detailsJson)
    {
        if (detailsJson is null)
        {
            return "unknown";
        }
        try
        {
            using var doc = JsonDocument.Parse(detailsJson);
            return doc.RootElement.TryGetProperty("to", out var to) && to.GetString() is { } s ? s : "unknown";
        }
        catch (JsonException)
        {
            return "unknown";
        }
    }
}
