using Orchestrator.Core.Domain;

namespace Orchestrator.Core.Decisions;

/// <summary>
/// What the default policy remembers across cycles (in memory; a restart starts it empty, which only makes the
/// policy eager again until it has seen a few hours): the waits of tasks seen starting and the recent-arrival
/// counts, each kept for <see cref="Horizon"/>.
/// </summary>
internal sealed class DemandMemory
{
    private readonly Queue<(DateTimeOffset At, double WaitSeconds)> _waits = new();
    private readonly HashSet<Guid> _seen = [];
    private readonly Queue<(DateTimeOffset At, Guid Task)> _seenOrder = new();
    private readonly Queue<(DateTimeOffset At, int Arrivals)> _arrivals = new();

    public static TimeSpan Horizon { get; } = TimeSpan.FromHours(3);

    public void Observe(ScalingInput input)
    {
        var now = input.Now;
        foreach (var task in input.Workers.Select(w => w.OldestRunningTask))
        {
            if (task is { QueuedAt: { } queued } && _seen.Add(task.TaskId))
            {
                _seenOrder.Enqueue((now, task.TaskId));
                _waits.Enqueue((task.StartedAt, Math.Max(0, (task.StartedAt - queued).TotalSeconds)));
            }
        }
        if (input.Demand.ArrivalWindow > TimeSpan.Zero)
        {
            _arrivals.Enqueue((now, input.Demand.RecentArrivals));
        }
        while (_waits.TryPeek(out var w) && now - w.At > Horizon)
        {
            _waits.Dequeue();
        }
        while (_seenOrder.TryPeek(out var s) && now - s.At > Horizon)
        {
            _seen.Remove(_seenOrder.Dequeue().Task);
        }
        while (_arrivals.TryPeek(out var a) && now - a.At > Horizon)
        {
            _arrivals.Dequeue();
        }
    }

    /// <summary>The 95th percentile of the waits seen over the horizon; null before 20 have been seen.</summary>
    public double? RecentHighWait()
    {
        if (_waits.Count < 20)
        {
            return null;
        }
        var sorted = _waits.Select(w => w.WaitSeconds).Order().ToList();
        return sorted[(int)Math.Floor(0.95 * (sorted.Count - 1))];
    }

    /// <summary>Recent arrivals as counted one window ago (the earliest sample at least that old); null without one.</summary>
    public int? ArrivalsOneWindowAgo(DateTimeOffset now, TimeSpan window)
    {
        int? found = null;
        foreach (var (at, arrivals) in _arrivals)
        {
            if (now - at < window)
            {
                break;
            }
            found = arrivals;
        }
        return found;
    }
}
