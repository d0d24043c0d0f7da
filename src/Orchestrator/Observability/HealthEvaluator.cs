using System.Globalization;

namespace Orchestrator.Observability;

/// <summary>
/// The three health questions, as pure functions of what the metrics saw, the options and now.
/// Liveness: is the cycle loop still turning (any cycle, failed or not, within the max age)?
/// Readiness, cycle: did a cycle succeed within the max age? Before the first success the service is
/// "starting": ready inside the start-up grace, not after it; one failed cycle does not make it unready
/// while the last success is recent (a database blip should not take it out of service).
/// Readiness, dependency: has the store or RunPod been unreadable for longer than the limit?
/// </summary>
public static class HealthEvaluator
{
    public static HealthVerdict Cycle(CycleHealth cycles, DateTimeOffset startedAt, DateTimeOffset now, ObservabilityOptions options)
    {
        if (cycles.LastSuccessAt is not { } last)
        {
            var inGrace = now - startedAt <= options.StartupGrace && options.StartupGrace > TimeSpan.Zero;
            var status = cycles.ConsecutiveFailures > 0 ? "failing" : "starting";
            return new HealthVerdict(inGrace, status, $"no successful cycle yet, {cycles.ConsecutiveFailures} failed; start-up grace {Seconds(options.StartupGrace)} s")
            { ConsecutiveFailures = cycles.ConsecutiveFailures };
        }
        var age = Math.Max(0, (now - last).TotalSeconds);
        var fresh = now - last <= options.MaxCycleAge;
        return new HealthVerdict(fresh, fresh ? "healthy" : "stale", $"last successful cycle {Seconds(age)} s ago, limit {Seconds(options.MaxCycleAge)} s")
        { LastCycleAgeSeconds = age, ConsecutiveFailures = cycles.ConsecutiveFailures };
    }

    public static HealthVerdict Loop(CycleHealth cycles, DateTimeOffset startedAt, DateTimeOffset now, ObservabilityOptions options)
    {
        var since = cycles.LastCycleAt ?? startedAt;
        var age = Math.Max(0, (now - since).TotalSeconds);
        var what = cycles.LastCycleAt is null ? "started" : "last cycle ended";
        return now - since <= options.MaxCycleAge
            ? new HealthVerdict(true, "alive", $"{what} {Seconds(age)} s ago")
            : new HealthVerdict(false, "stalled", $"{what} {Seconds(age)} s ago, limit {Seconds(options.MaxCycleAge)} s");
    }

    public static HealthVerdict Dependency(string name, DependencyState? state, DateTimeOffset now, ObservabilityOptions options)
    {
        if (state is null)
        {
            return new HealthVerdict(true, "unknown", $"{name} not read yet");
        }
        if (state.UnreadableSince is not { } since)
        {
            return new HealthVerdict(true, "readable", $"{name} read {Seconds((now - state.LastReadAt!.Value).TotalSeconds)} s ago");
        }
        var blind = now - since;
        var text = $"{name} unreadable for {Seconds(blind.TotalSeconds)} s (since {since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}, {state.ErrorKind ?? "error"}), limit {Seconds(options.UnreadableAfter)} s";
        return new HealthVerdict(blind < options.UnreadableAfter, "unreadable", text);
    }

    private static string Seconds(TimeSpan value) => Seconds(value.TotalSeconds);

    private static string Seconds(double value) => Math.Round(value, 1).ToString(CultureInfo.InvariantCulture);
}
