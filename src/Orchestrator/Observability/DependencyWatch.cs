using Orchestrator.Core.Cycle;

namespace Orchestrator.Observability;

/// <summary>
/// Whether the cycle could read its two dependencies, the store and the RunPod API, and since when one
/// could not. A successful cycle read both; a failed one names the read that failed (the pod list is read
/// first, so a RunPod failure leaves the store's state as it was). Not thread-safe on its own: <see cref="FleetMetrics"/> locks.
/// </summary>
public sealed class DependencyWatch
{
    public const string Store = "store";
    public const string RunPod = "runpod";
    public static readonly string[] Names = [Store, RunPod];

    private readonly Dictionary<string, DependencyState> _states = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public void Record(CycleReport report, DateTimeOffset at)
    {
        lock (_gate)
        {
            if (report.Succeeded)
            {
                Readable(Store, at);
                Readable(RunPod, at);
                return;
            }
            switch (report.UnreadableDependency)
            {
                case "cloud":
                    Unreadable(RunPod, at, report.Error);
                    break;
                case "store":
                    Readable(RunPod, at);
                    Unreadable(Store, at, report.Error);
                    break;
            }
        }
    }

    /// <summary>The state of one dependency; null before any cycle reached it.</summary>
    public DependencyState? Get(string name)
    {
        lock (_gate)
        {
            return _states.GetValueOrDefault(name);
        }
    }

    public void Export(FleetInstruments instruments)
    {
        lock (_gate)
        {
            foreach (var (name, state) in _states)
            {
                instruments.DependencyReadable.WithLabels(name).Set(state.UnreadableSince is null ? 1 : 0);
                instruments.DependencyUnreadableSince.WithLabels(name).Set(state.UnreadableSince is { } since ? since.ToUnixTimeMilliseconds() / 1000.0 : 0);
            }
        }
    }

    private void Readable(string name, DateTimeOffset at) => _states[name] = new DependencyState(at, null, null);

    private void Unreadable(string name, DateTimeOffset at, string? error)
    {
        var previous = _states.GetValueOrDefault(name);
        _states[name] = new DependencyState(previous?.LastReadAt, previous?.UnreadableSince ?? at, ErrorKindOf(error));
    }

    /// <summary>The error kind only ("Store", "Auth", ...): the message may quote a host or a response, and health answers are not redacted.</summary>
    private static string? ErrorKindOf(string? error) => error?.Split(':', 2)[0];
}

/// <summary>One dependency: when it was last read, and since when it cannot be (null while readable), with the error kind.</summary>
public sealed record DependencyState(DateTimeOffset? LastReadAt, DateTimeOffset? UnreadableSince, string? ErrorKind);
