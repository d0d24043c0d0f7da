namespace Orchestrator.RunPod;

/// <summary>
/// Remembers (GPU type, data center) placements that were out of stock and skips them for a while:
/// the first miss backs off <c>initial</c>, each repeat doubles it up to <c>max</c>, a success clears it,
/// and a placement quiet for <c>max</c> is forgotten (the memory decays). Thread-safe.
/// </summary>
public sealed class PlacementBackoff(TimeSpan initial, TimeSpan max, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (int Strikes, DateTimeOffset LastMiss, DateTimeOffset Until)> _misses = [];

    /// <summary>Until when <paramref name="key"/> is skipped, or null when it may be tried.</summary>
    public DateTimeOffset? BackedOffUntil(string key)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (!_misses.TryGetValue(key, out var miss))
            {
                return null;
            }
            if (now - miss.LastMiss > max + miss.Until.Subtract(miss.LastMiss))
            {
                _misses.Remove(key);
                return null;
            }
            return now < miss.Until ? miss.Until : null;
        }
    }

    public DateTimeOffset RecordStockout(string key)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            var strikes = _misses.TryGetValue(key, out var miss) ? miss.Strikes + 1 : 1;
            var delay = TimeSpan.FromTicks((long)Math.Min(max.Ticks, initial.Ticks * Math.Pow(2, Math.Min(strikes - 1, 20))));
            _misses[key] = (strikes, now, now + delay);
            return now + delay;
        }
    }

    public void RecordSuccess(string key)
    {
        lock (_gate)
        {
            _misses.Remove(key);
        }
    }
}
