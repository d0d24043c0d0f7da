using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Orchestrator.Resilience;

namespace Orchestrator.RunPod;

/// <summary>
/// The two Polly pipelines of the RunPod dependency. Reads: retry with jitter (honouring Retry-After)
/// around a circuit breaker around a per-attempt timeout. Mutations: a timeout, and a retry only for
/// 429, which RunPod answers before acting; any other failure is left to the next cycle's reconciliation.
/// Both in the shared <see cref="PipelineShape{T}"/>.
/// </summary>
public static class RunPodPipelines
{
    public static ResiliencePipeline Reads(RunPodOptions o, ILogger logger) => (Shape(o, logger, o.ReadRetries, e => e.IsTransient, o.ReadTimeout) with
    {
        Breaker = new CircuitBreakerStrategyOptions
        {
            FailureRatio = 0.5,
            MinimumThroughput = 6,
            SamplingDuration = TimeSpan.FromSeconds(60),
            BreakDuration = o.BreakDuration,
            ShouldHandle = new PredicateBuilder().Handle<RunPodApiException>(e => e.IsTransient && !e.IsRateLimited).Handle<TimeoutRejectedException>(),
            OnOpened = args => { RunPodLog.CircuitOpened(logger, (long)args.BreakDuration.TotalMilliseconds); return default; },
            OnClosed = _ => { RunPodLog.CircuitClosed(logger); return default; },
        },
    }).BuildUntyped();

    public static ResiliencePipeline Mutations(RunPodOptions o, ILogger logger) => Shape(o, logger, 2, e => e.IsRateLimited, o.MutationTimeout).BuildUntyped();

    private static PipelineShape<object> Shape(RunPodOptions o, ILogger logger, int attempts, Func<RunPodApiException, bool> retryable, TimeSpan timeout) => new()
    {
        AttemptTimeout = timeout,
        RetryAttempts = attempts, // 0 means no retry (the shape leaves the strategy out)
        RetryBaseDelay = o.RetryBaseDelay,
        MaxRetryDelay = o.MaxRetryAfter,
        RetryOn = outcome => outcome.Exception switch
        {
            RunPodApiException e => retryable(e) && (e.RetryAfter ?? TimeSpan.Zero) <= o.MaxRetryAfter,
            TimeoutRejectedException => retryable(new RunPodApiException(Core.Ports.ErrorKind.Transient, "timeout")),
            _ => false,
        },
        RetryAfter = outcome => outcome.Exception is RunPodApiException { RetryAfter: { } after } ? after : null,
        OnRetry = args => RunPodLog.Retrying(logger, args.AttemptNumber + 1, (long)args.RetryDelay.TotalMilliseconds, args.Outcome.Exception?.Message ?? "unknown"),
    };
}
