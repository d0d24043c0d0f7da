using System.Collections.Concurrent;
using Orchestrator.Tests.RunPod;

namespace Orchestrator.Chaos;

/// <summary>
/// Every pod the RunPod fake ever held, by id and name, sampled every 50 ms (a pod lives at least one cycle,
/// a second here): pods created, and duplicates (a name that got more than one pod).
/// </summary>
public sealed class PodLedger(FakeRunPodState runPod)
{
    private readonly ConcurrentDictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (DateTimeOffset First, DateTimeOffset Last)> _seen = new(StringComparer.Ordinal);

    /// <summary>Pod-minutes billed so far: each pod from its first to its last sighting.</summary>
    public double PodMinutes => _seen.Values.Sum(s => (s.Last - s.First).TotalMinutes);

    public int Created => _names.Count;

    /// <summary>Pods beyond the first under the same worker name.</summary>
    public int Duplicates => _names.Values.GroupBy(n => n, StringComparer.Ordinal).Sum(g => g.Count() - 1);

    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            Sample();
            try
            {
                await Task.Delay(50, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        Sample();
    }

    public void Sample()
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var pod in runPod.LivePods)
        {
            _names.TryAdd(pod.Id, pod.Name);
            _seen.AddOrUpdate(pod.Id, _ => (now, now), (_, s) => (s.First, now));
        }
    }
}
