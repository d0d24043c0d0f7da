namespace Orchestrator.Core.Cycle;

/// <summary>
/// The runaway guard: at most <c>perMinute</c> pod create calls in any 60 s window. It counts every create
/// call this process made (answered, refused or lost) and takes the larger of that and the creates the store
/// shows (live workers created within the window), so a restart or another replica does not reset it.
/// It sits in the act step, below every decision: whatever the policy or the input asks for, the cloud
/// never sees more than the limit. Thread-safe.
/// </summary>
public sealed class CreateRateLimiter(int perMinute)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly Queue<DateTimeOffset> _calls = new();
    private readonly Lock _gate = new();

    public int PerMinute => perMinute;

    /// <summary>Creates still allowed at <paramref name="now"/>, given the creation times the store reported.</summary>
    public int Allowance(DateTimeOffset now, IEnumerable<DateTimeOffset> observedCreatedAt)
    {
        var observed = observedCreatedAt.Count(at => at > now - Window && at <= now);
        lock (_gate)
        {
            while (_calls.Count > 0 && _calls.Peek() <= now - Window)
            {
                _calls.Dequeue();
            }
            return Math.Max(0, perMinute - Math.Max(_calls.Count, observed));
        }
    }

    /// <summary>Records one create call at <paramref name="now"/>.</summary>
    public void Record(DateTimeOffset now)
    {
        lock (_gate)
        {
            _calls.Enqueue(now);
        }
    }
}
