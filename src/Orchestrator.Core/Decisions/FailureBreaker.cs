using Orchestrator.Core.Domain;
using Orchestrator.Core.Options;

namespace Orchestrator.Core.Decisions;

/// <summary>
/// Failure-rate breaker over genuine boot and health outcomes in a sliding window (never scale-downs, never spot interruptions).
/// Derived from stored outcomes each cycle, so it survives restarts. When open and no failure has
/// arrived for <see cref="BreakerOptions.ProbeAfter"/>, it goes half-open: one probe spawn at a time.
/// </summary>
public static class FailureBreaker
{
    public static BreakerState Evaluate(IReadOnlyList<WorkerOutcome> outcomes, BreakerOptions options, DateTimeOffset now)
    {
        var since = now - options.Window;
        var recent = outcomes.Where(o => o.At >= since && o.At <= now && o.Kind != OutcomeKind.Interrupted).ToList();
        var failures = recent.Count(o => o.Kind != OutcomeKind.BootSucceeded);
        var successes = recent.Count - failures;
        var rate = recent.Count == 0 ? 0 : (double)failures / recent.Count;
        if (recent.Count < options.MinSamples || rate <= options.MaxFailureRate)
        {
            var why = recent.Count < options.MinSamples ? $"only {recent.Count} outcomes in window" : $"failure rate {rate:P0} within limit";
            return new BreakerState(BreakerStatus.Closed, failures, successes, rate, why);
        }
        var lastFailure = recent.Where(o => o.Kind != OutcomeKind.BootSucceeded).Max(o => o.At);
        var lastSuccess = recent.Where(o => o.Kind == OutcomeKind.BootSucceeded).Select(o => (DateTimeOffset?)o.At).Max();
        if (lastSuccess > lastFailure)
        {
            return new BreakerState(BreakerStatus.Closed, failures, successes, rate, "probe succeeded after the last failure");
        }
        return now - lastFailure >= options.ProbeAfter
            ? new BreakerState(BreakerStatus.HalfOpen, failures, successes, rate, $"failure rate {rate:P0}; probing")
            : new BreakerState(BreakerStatus.Open, failures, successes, rate, $"failure rate {rate:P0} above {options.MaxFailureRate:P0}");
    }
}
