using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Orchestrator.RunPod;

/// <summary>
/// The two Polly pipelines of the RunPod dependency. Reads: retry with jitter (honouring Retry-After)
/// around a circuit breaker around a per-attempt timeout. Mutations: a timeout, and a retry only for
/// 429, which RunPod answers before acting; any other failure is left to the next cycle's reconciliation.
/// They run on real time (they govern real I/O), whatever clock the decisions use.
/// </summary>
public static class RunPodPipelines
{
    public static ResiliencePipeline Reads(RunPodOptions o, ILogger logger) => new ResiliencePipelineBuilder()
        .AddRetryUnlessZero(o, logger, o.ReadRetries, e => e.IsTransient)
        .AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            FailureRatio = 0.5,
            MinimumThroughput = 6,
            SamplingDuration = TimeSpan.FromSeconds(60),
            BreakDuration = o.BreakDuration,
            ShouldHandle = new PredicateBuilder().Handle<RunPodApiException>(e => e.IsTransient && !e.IsRateLimited).Handle<TimeoutRejectedException>(),
            OnOpened = args => { RunPodLog.CircuitOpened(logger, (long)args.BreakDuration.TotalMilliseconds); return default; },
            OnClosed = _ => { RunPodLog.CircuitClosed(logger); return default; },
        })
        .AddTimeout(o.ReadTimeout)
        .Build();

    public static ResiliencePipeline Mutations(RunPodOptions o, ILogger logger) => new ResiliencePipelineBuilder()
        .AddRetryUnlessZero(o, logger, 2, e => e.IsRateLimited)
        .AddTimeout(o.MutationTimeout)
        .Build();

    /// <summary>0 retries means none: Polly's retry needs at least one attempt, so the strategy is left out.</summary>
    private static ResiliencePipelineBuilder AddRetryUnlessZero(this ResiliencePipelineBuilder builder, RunPodOptions o, ILogger logger, int retries,
        Func<RunPodApiException, bool> retryable) =>
        retries <= 0 ? builder : builder.AddRetry(Retry(o, logger, retries, retryable));

    private static RetryStrategyOptions Retry(RunPodOptions o, ILogger logger, int attempts, Func<RunPodApiException, bool> retryable) => new()
    {
        MaxRetryAttempts = attempts,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        Delay = o.RetryBaseDelay,
        MaxDelay = o.MaxRetryAfter,
        ShouldHandle = new PredicateBuilder()
            .Handle<RunPodApiException>(e => retryable(e) && (e.RetryAfter ?? TimeSpan.Zero) <= o.MaxRetryAfter)
            .Handle<TimeoutRejectedException>(_ => retryable(new RunPodApiException(Core.Ports.ErrorKind.Transient, "timeout"))),
        DelayGenerator = args => new ValueTask<TimeSpan?>(args.Outcome.Exception is RunPodApiException { RetryAfter: { } after } ? after : null),
        OnRetry = args =>
        {
            RunPodLog.Retrying(logger, args.AttemptNumber + 1, (long)args.RetryDelay.TotalMilliseconds, args.Outcome.Exception?.Message ?? "unknown");
            return default;
        },
    };
}
