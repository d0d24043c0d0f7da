using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Hedging;
using Polly.Timeout;
using Orchestrator.Resilience;

namespace Orchestrator.RunPod;

/// <summary>
/// The three Polly pipelines of the RunPod dependency, judged separately (a failing create never blinds the
/// reads, nor the reverse), all in the shared <see cref="PipelineShape{T}"/>.
/// Reads: a budget for the whole call, retries with jittered backoff of at most <see cref="RunPodOptions.MaxRetryBackoff"/>
/// (a 429's Retry-After is honoured whatever its length, up to <see cref="RunPodOptions.MaxRetryAfter"/>), a circuit, hedging,
/// a timeout per attempt. At a 50 % transient error rate a read still succeeds within its budget 98 % of the time.
/// Terminates: idempotent, so shaped like a read (retried on any transient failure, hedged) within the mutation timeout,
/// with their own circuit. Creates and stops: a timeout, a retry only for 429 (RunPod refused before acting), and their own
/// circuit; any other failure is left to the adapter's look-up by name and the next cycle's reconciliation.
/// Each circuit opens only on sustained failure (<see cref="SustainedFailureRatio"/> of at least
/// <see cref="MinimumThroughput"/> attempts in <see cref="SamplingDuration"/>), breaks for
/// <see cref="RunPodOptions.BreakDuration"/> doubling per failed probe up to <see cref="RunPodOptions.MaxBreakDuration"/>
/// (shorter than a poll interval, so every cycle of an outage sends one probe), and resets when a probe succeeds.
/// </summary>
public static class RunPodPipelines
{
    /// <summary>Nine attempts in ten failing: an outage, not a bad patch (50 % or even 80 % transient faults keep it closed).</summary>
    public const double SustainedFailureRatio = 0.9;
    public const int MinimumThroughput = 10;
    public static readonly TimeSpan SamplingDuration = TimeSpan.FromSeconds(30);

    /// <summary>Reads are idempotent, so they are hedged (<see cref="Hedge"/>): typed over <c>object</c>, the answer cast back by the caller.</summary>
    public static ResiliencePipeline<object> Reads(RunPodOptions o, ILogger logger) =>
        Idempotent(o, logger, "read", o.ReadTimeout, o.ReadBudget);

    /// <summary>
    /// A terminate is idempotent (a pod already gone answers "not found", read as success), so unlike a create it is retried on
    /// any transient failure (a 5xx, a lost answer, an attempt that hung) and hedged like a read, the whole call within
    /// <see cref="RunPodOptions.MutationTimeout"/> and each attempt within <see cref="RunPodOptions.ReadTimeout"/>. At 50 % faults
    /// half of the terminates failed and were only re-sent by a later cycle, so idle pods outlived their idle timeout and took
    /// the next burst's tasks. Its own circuit: failing creates never hold back a terminate, nor the reverse.
    /// </summary>
    public static ResiliencePipeline<object> Terminates(RunPodOptions o, ILogger logger) =>
        Idempotent(o, logger, "terminate", o.ReadTimeout < o.MutationTimeout ? o.ReadTimeout : o.MutationTimeout, o.MutationTimeout);

    /// <summary>
    /// A call that may be sent again (reads, terminates): retried on any transient failure, hedged, within
    /// <paramref name="budget"/>, behind a circuit of its own named after <paramref name="call"/> ("reads", "terminates").
    /// </summary>
    private static ResiliencePipeline<object> Idempotent(RunPodOptions o, ILogger logger, string call, TimeSpan attemptTimeout, TimeSpan budget) =>
        (Shape(o, logger, o.ReadRetries, e => e.IsTransient, attemptTimeout) with
        {
            Budget = budget,
            Breaker = Circuit(o, logger, call + "s"),
            Hedging = o.ReadHedgeDelay > TimeSpan.Zero ? Hedge(o, logger, call) : null,
        }).Build();

    /// <summary>Creates and stops: not idempotent, so retried only on 429 (RunPod refused before acting).</summary>
    public static ResiliencePipeline Mutations(RunPodOptions o, ILogger logger) =>
        (Shape(o, logger, 2, e => e.IsRateLimited, o.MutationTimeout) with { Breaker = Circuit(o, logger, "mutations") }).BuildUntyped();

    /// <summary>The break before the next probe: the first break doubled per failed probe since the circuit last closed, capped.</summary>
    public static TimeSpan BreakFor(int failedProbes, RunPodOptions o) =>
        TimeSpan.FromTicks(Math.Min(o.MaxBreakDuration.Ticks, o.BreakDuration.Ticks * (1L << Math.Clamp(failedProbes, 0, 20))));

    /// <summary>
    /// One more attempt of a read (or a terminate) when the first has not answered within <see cref="RunPodOptions.ReadHedgeDelay"/>, and a
    /// third when neither has after twice that; the first answer wins and the others are cancelled. A failure that comes
    /// back is the retry's to judge (with its backoff and Retry-After), so hedging only ever answers slowness. A hung read
    /// then costs the hedge delay instead of <see cref="RunPodOptions.ReadTimeout"/>, and a hung hedge beside it (one read
    /// in 64 at 50 % faults, an eighth of them hangs) twice the delay rather than the whole attempt timeout.
    /// </summary>
    private static HedgingStrategyOptions<object> Hedge(RunPodOptions o, ILogger logger, string call) => new()
    {
        MaxHedgedAttempts = 2,
        Delay = o.ReadHedgeDelay,
        ShouldHandle = _ => PredicateResult.False(),
        OnHedging = args => { RunPodLog.Hedging(logger, call, args.AttemptNumber + 1, (long)o.ReadHedgeDelay.TotalMilliseconds); return default; },
    };

    private static CircuitBreakerStrategyOptions Circuit(RunPodOptions o, ILogger logger, string circuit) => new()
    {
        FailureRatio = SustainedFailureRatio,
        MinimumThroughput = MinimumThroughput,
        SamplingDuration = SamplingDuration,
        BreakDurationGenerator = args => ValueTask.FromResult(BreakFor(args.HalfOpenAttempts, o)),
        // A 429 is RunPod pacing us, not failing: it never opens a circuit.
        ShouldHandle = new PredicateBuilder().Handle<RunPodApiException>(e => e.IsTransient && !e.IsRateLimited).Handle<TimeoutRejectedException>(),
        OnOpened = args => { RunPodLog.CircuitOpened(logger, circuit, (long)args.BreakDuration.TotalMilliseconds); return default; },
        OnClosed = _ => { RunPodLog.CircuitClosed(logger, circuit); return default; },
    };

    private static PipelineShape<object> Shape(RunPodOptions o, ILogger logger, int attempts, Func<RunPodApiException, bool> retryable, TimeSpan timeout) => new()
    {
        AttemptTimeout = timeout,
        RetryAttempts = attempts, // 0 means no retry (the shape leaves the strategy out)
        RetryBaseDelay = o.RetryBaseDelay,
        // Caps the backoff only: a Retry-After (the delay generator below) is honoured as RunPod sends it, up to MaxRetryAfter.
        MaxRetryDelay = o.MaxRetryBackoff,
        RetryOn = outcome => outcome.Exception switch
        {
            RunPodApiException e => retryable(e) && (e.RetryAfter ?? TimeSpan.Zero) <= o.MaxRetryAfter,
            TimeoutRejectedException => retryable(new RunPodApiException(Core.Ports.ErrorKind.Transient, "timeout")),
            _ => false,
        },
        // A read's (or terminate's) attempts that all hung were already cut by the attempt timeout after the hedges: waiting
        // longer adds nothing, so its retry goes at once. Creates and stops never retry a timeout.
        RetryAfter = outcome => outcome.Exception switch
        {
            RunPodApiException { RetryAfter: { } after } => after,
            TimeoutRejectedException => TimeSpan.Zero,
            _ => null,
        },
        OnRetry = args => RunPodLog.Retrying(logger, args.AttemptNumber + 1, (long)args.RetryDelay.TotalMilliseconds, args.Outcome.Exception?.Message ?? "unknown"),
    };
}
