using System.Diagnostics.CodeAnalysis;
using Polly;
using Polly.CircuitBreaker;
using Polly.Hedging;
using Polly.Retry;

namespace Orchestrator.Resilience;

/// <summary>
/// The one shape of every outbound Polly pipeline (RunPod, the Supabase REST store, the serverless API),
/// outermost first: an optional budget for the whole call; retries with exponential backoff and jitter,
/// where a server's Retry-After wins; an optional circuit breaker; optional hedging (typed pipelines of
/// idempotent calls only); a timeout per attempt. Each area says
/// only what differs: what to retry, how long to wait, what to log. They run on real time (they govern
/// real I/O), whatever clock the decisions use.
/// </summary>
/// <typeparam name="T">The result type; <c>object</c> for an untyped pipeline (<see cref="PipelineShapes.BuildUntyped"/>).</typeparam>
public sealed record PipelineShape<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] T>
{
    /// <summary>Timeout of one attempt (the innermost strategy).</summary>
    public required TimeSpan AttemptTimeout { get; init; }

    /// <summary>Timeout of the whole call, retries and their delays included; null: none.</summary>
    public TimeSpan? Budget { get; init; }

    /// <summary>Retries after the first attempt; 0: no retry strategy.</summary>
    public int RetryAttempts { get; init; }

    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Which outcomes (a result or an exception, a per-attempt timeout included) are retried.</summary>
    public Func<Outcome<T>, bool> RetryOn { get; init; } = _ => false;

    /// <summary>The server's own delay for an outcome (Retry-After); null lets the backoff decide.</summary>
    public Func<Outcome<T>, TimeSpan?>? RetryAfter { get; init; }

    public Action<OnRetryArguments<T>>? OnRetry { get; init; }

    /// <summary>A breaker between the retries and the attempt timeout; for an untyped pipeline a <see cref="CircuitBreakerStrategyOptions"/>.</summary>
    public CircuitBreakerStrategyOptions<T>? Breaker { get; init; }

    /// <summary>
    /// A second attempt sent when the first has not answered within its delay (or failed as it says), the first good
    /// answer winning: a hung connection costs the hedge delay, not the attempt timeout. Only for idempotent calls, and
    /// only in a typed pipeline (<see cref="Build"/>).
    /// </summary>
    public HedgingStrategyOptions<T>? Hedging { get; init; }

    public ResiliencePipeline<T> Build() =>
        Assemble(new ResiliencePipelineBuilder<T>(), b => b.AddRetry(Retry<RetryStrategyOptions<T>>()), b => b.AddCircuitBreaker(Breaker!),
            b => b.AddHedging(Hedging!)).Build();

    /// <summary>Adds the strategies in the shape's order to a typed or an untyped builder (which has no hedging).</summary>
    internal TBuilder Assemble<TBuilder>(TBuilder builder, Action<TBuilder> addRetry, Action<TBuilder> addBreaker, Action<TBuilder>? addHedging = null)
        where TBuilder : ResiliencePipelineBuilderBase
    {
        if (Budget is { } budget)
        {
            builder.AddTimeout(budget);
        }
        if (RetryAttempts > 0)
        {
            addRetry(builder);
        }
        if (Breaker is not null)
        {
            addBreaker(builder);
        }
        if (Hedging is not null)
        {
            (addHedging ?? throw new ArgumentException("hedging needs a typed pipeline (Build)", nameof(addHedging)))(builder);
        }
        return builder.AddTimeout(AttemptTimeout);
    }

    internal TOptions Retry<TOptions>() where TOptions : RetryStrategyOptions<T>, new() => new()
    {
        MaxRetryAttempts = RetryAttempts,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        Delay = RetryBaseDelay,
        MaxDelay = MaxRetryDelay,
        ShouldHandle = args => ValueTask.FromResult(RetryOn(args.Outcome)),
        DelayGenerator = RetryAfter is { } after ? args => ValueTask.FromResult(after(args.Outcome)) : null,
        OnRetry = args =>
        {
            OnRetry?.Invoke(args);
            return default;
        },
    };
}
