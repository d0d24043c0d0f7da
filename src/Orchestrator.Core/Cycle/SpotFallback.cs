namespace Orchestrator.Core.Cycle;

/// <summary>
/// After a spot create is refused: on demand until <see cref="Until"/>, and one warning until spot works again
/// (not one per cycle or per refusal). Held in memory across cycles by <see cref="ControlCycle"/>; a restart forgets
/// it, which costs at most one more refused spot create and one more warning. Thread-safe (creates run side by side).
/// </summary>
public sealed class SpotFallback
{
    private readonly Lock _gate = new();
    private DateTimeOffset? _until;
    private bool _warned;

    /// <summary>When spot may be asked for again; null when it never was refused.</summary>
    public DateTimeOffset? Until
    {
        get
        {
            lock (_gate)
            {
                return _until;
            }
        }
    }

    public bool IsActive(DateTimeOffset now) => Until is { } until && until > now;

    /// <summary>Records a refusal. True when it deserves the warning: the first refusal since spot last worked.</summary>
    public bool Refused(DateTimeOffset until)
    {
        lock (_gate)
        {
            _until = until;
            var first = !_warned;
            _warned = true;
            return first;
        }
    }

    /// <summary>A spot pod was created: the next refusal warns again.</summary>
    public void SpotCreated()
    {
        lock (_gate)
        {
            _warned = false;
        }
    }
}
