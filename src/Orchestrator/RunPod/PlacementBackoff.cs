namespace Orchestrator.RunPod;

/// <summary>
/// Remembers (GPU type, data center) placements that were out of stock and skips them for a while:
/// the first miss backs off <c>initial</c>, each repeat doubles it up to <c>max</c>, a success clears it,
/// and a placement quiet for <c>max</c> is forgotten (the memory decays). Thread-safe. The status page lists
/// what is backed off now (<see cref="Active"/>) with the refusal that caused it.
/// </summary>
public sealed class PlacementBackoff(TimeSpan initial, TimeSpan max, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (int Strikes, DateTimeOffset Until, string? Why)> _misses = [];

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
            if (Decayed(miss.Until, now))
            {
                _misses.Remove(key);
                return null;
            }
            return now < miss.Until ? miss.Until : null;
        }
    }

    /// <param name="why">The refusal that caused it (RunPod's detail), shown on the status page.</param>
    public DateTimeOffset RecordStockout(string key, string? why = null)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            var strikes = _misses.TryGetValue(key, out var miss) && !Decayed(miss.Until, now) ? miss.Strikes + 1 : 1;
            var delay = TimeSpan.FromTicks((long)Math.Min(max.Ticks, initial.Ticks * Math.Pow(2, Math.Min(strikes - 1, 20))));
            _misses[key] = (strikes, now + delay, why);
            return now + delay;
        }
    }

    /// <summary>The placements backed off now, soonest retried first.</summary>
    public IReadOnlyList<PlacementBackoffEntry> Active()
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            return [.. _misses.Where(m => now < m.Value.Until).OrderBy(m => m.Value.Until)
                .Select(m => new PlacementBackoffEntry(m.Key, m.Value.Strikes, m.Value.Until, m.Value.Why))];
        }
    }

    /// <summary>Quiet for <c>max</c> after its back-off ended: forgotten.</summary>
    private bool Decayed(DateTimeOffset until, DateTimeOffset now) => now - until > max;

    public void RecordSuccess(string key)
    {
        lock (_gate)
        {
            _misses.Remove(key);
        }
    }
}

/// <summary>One placement backed off: its key (<c>gpu type@data center</c>), consecutive misses, until when, and why.</summary>
public sealed record PlacementBackoffEntry(string Key, int Strikes, DateTimeOffset Until, string? Why);
