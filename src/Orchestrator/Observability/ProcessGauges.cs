using System.Diagnostics;
using Prometheus;

namespace Orchestrator.Observability;

/// <summary>
/// The process's own memory and threads on the service's registry, read at each scrape: GC heap, committed GC memory,
/// resident set and thread count. prometheus-net's <c>DotNetStats</c> would bring them under <c>dotnet_</c>/<c>process_</c>
/// names on the shared default registry, which the service switches off (one registry per service, every name
/// <c>orchestrator_</c>); these four are what the soak benchmark and an operator watching for a leak need.
/// </summary>
internal static class ProcessGauges
{
    public static void Register(CollectorRegistry registry, string prefix)
    {
        var f = Metrics.WithCustomRegistry(registry);
        var heap = f.CreateGauge(prefix + "process_gc_heap_bytes", "Bytes the GC counts as allocated and alive now (GC.GetTotalMemory(false)).");
        var committed = f.CreateGauge(prefix + "process_gc_committed_bytes", "Bytes the GC has committed from the OS (GCMemoryInfo.TotalCommittedBytes as of the last GC).");
        var resident = f.CreateGauge(prefix + "process_resident_memory_bytes", "Resident set size of the process (Environment.WorkingSet, VmRSS on Linux).");
        var threads = f.CreateGauge(prefix + "process_threads", "Threads of the process.");
        registry.AddBeforeCollectCallback(() =>
        {
            heap.Set(GC.GetTotalMemory(forceFullCollection: false));
            committed.Set(GC.GetGCMemoryInfo(GCKind.Any).TotalCommittedBytes);
            resident.Set(Environment.WorkingSet);
            using var self = Process.GetCurrentProcess();
            threads.Set(self.Threads.Count);
        });
    }
}
