namespace Orchestrator.Observability;

/// <summary>
/// Healthy only if a cycle succeeded within the max age. Before the first successful cycle the
/// service is "starting": 200 inside the start-up grace, 503 after it. One failed cycle does not
/// make it unhealthy while the last success is recent (a database blip should not restart it).
/// </summary>
public static class HealthEvaluator
{
    public static HealthVerdict Evaluate(CycleHealth cycles, DateTimeOffset startedAt, DateTimeOffset now, ObservabilityOptions options)
    {
        if (cycles.LastSuccessAt is not { } last)
        {
            var inGrace = now - startedAt <= options.StartupGrace && options.StartupGrace > TimeSpan.Zero;
            return new HealthVerdict(inGrace, cycles.ConsecutiveFailures > 0 ? "failing" : "starting", null, cycles.ConsecutiveFailures);
        }
        var age = now - last;
        var ageSeconds = Math.Max(0, age.TotalSeconds);
        return age <= options.MaxCycleAge
            ? new HealthVerdict(true, "healthy", ageSeconds, cycles.ConsecutiveFailures)
            : new HealthVerdict(false, "stale", ageSeconds, cycles.ConsecutiveFailures);
    }
}
