using System.Globalization;

namespace Orchestrator.Benchmarks.Soak;

/// <summary>One variant's figures: the idle sample, the soak's samples, and growth after warm-up (the first sample past the start).</summary>
public sealed record SoakResult(SoakVariant Variant, SoakSample Idle, IReadOnlyList<SoakSample> Samples, int CreateCalls, int ErrorLines, IReadOnlyList<string> FirstErrors, int ExitCode, TimeSpan Elapsed)
{
    /// <summary>The warm-up reference: the first sample after the start (1,000 cycles by default), or the start when there is no other.</summary>
    public SoakSample WarmedUp => Samples.Count > 2 ? Samples[1] : Samples[0];

    public SoakSample Last => Samples[^1];

    public double RssGrowthPercent => Growth(WarmedUp.RssBytes, Samples.Skip(1).DefaultIfEmpty(Last).Max(s => s.RssBytes));

    public double HeapGrowthPercent => Growth(WarmedUp.GcHeapBytes, Last.GcHeapBytes);

    public double CyclesPerSecond => (Last.Cycles - Samples[0].Cycles) / Math.Max(0.001, Last.ElapsedSeconds - Samples[0].ElapsedSeconds);

    public string Summary() => string.Create(CultureInfo.InvariantCulture,
        $"{Variant.Name,-15} {SoakSample.Mb(Idle.RssBytes),11:0.0} {SoakSample.Mb(Idle.GcHeapBytes),12:0.0} {SoakSample.Mb(WarmedUp.RssBytes),13:0.0} {SoakSample.Mb(Last.RssBytes),11:0.0} {RssGrowthPercent,9:+0.0;-0.0}% {HeapGrowthPercent,10:+0.0;-0.0}% {Samples.Min(s => s.Connections),4}-{Samples.Max(s => s.Connections),-4} {Samples.Min(s => s.Threads),4}-{Samples.Max(s => s.Threads),-4} {CyclesPerSecond,9:0.0} {CreateCalls,8} {ErrorLines,7} {ExitCode,5}");

    public const string SummaryHeader =
        "variant         idle_rss_mb idle_heap_mb warm_rss_mb   last_rss_mb rss_growth heap_growth   pg_conn   threads  cycles/s  creates  errors  exit";

    private static double Growth(long from, long to) => from <= 0 ? 0 : (to - from) * 100.0 / from;
}
