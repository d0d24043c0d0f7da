using System.Collections.Concurrent;
using Orchestrator.Core.Cycle;

namespace Orchestrator.Tests.Service;

/// <summary>Records every finished cycle of one node into a list shared by all nodes of a test.</summary>
public sealed class CycleRecorder(string node, ConcurrentQueue<RecordedCycle> all) : ICycleObserver
{
    public void OnCycleCompleted(CycleReport report) =>
        all.Enqueue(new RecordedCycle(node, report.StartedAt, report.StartedAt + report.Duration, report.Spawned, report.Succeeded));
}
