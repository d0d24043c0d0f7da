using System.Globalization;

namespace Orchestrator.Benchmarks.Soak;

/// <summary>One reading of the service under soak: its resident set and threads (/proc/PID/status), its GC heap and committed
/// GC memory (its own /metrics), its PostgreSQL connections (pg_stat_activity) and the RunPod fake's live pods.</summary>
public sealed record SoakSample(int Cycles, double ElapsedSeconds, ProcStatus Proc, long GcHeapBytes, long GcCommittedBytes, int Connections, int LivePods)
{
    public const string Header = " cycles  elapsed_s   rss_mb  anon_mb  file_mb  gc_heap_mb  gc_committed_mb  threads  dlls  pg_connections  live_pods";

    public long RssBytes => Proc.RssBytes;

    public int Threads => Proc.Threads;

    public string Line() => string.Create(CultureInfo.InvariantCulture,
        $"{Cycles,7} {ElapsedSeconds,10:0.0} {Mb(RssBytes),8:0.0} {Mb(Proc.AnonBytes),8:0.0} {Mb(Proc.FileBytes),8:0.0} {Mb(GcHeapBytes),11:0.0} {Mb(GcCommittedBytes),16:0.0} {Threads,8} {Proc.MappedAssemblies,5} {Connections,15} {LivePods,10}");

    public static double Mb(long bytes) => bytes / 1024.0 / 1024.0;

    /// <summary>The value of an unlabelled series in Prometheus text, or -1 when absent.</summary>
    public static long Metric(string exposition, string name)
    {
        foreach (var line in exposition.Split('\n'))
        {
            if (line.StartsWith(name + " ", StringComparison.Ordinal))
            {
                return (long)double.Parse(line[(name.Length + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture);
            }
        }
        return -1;
    }
}
