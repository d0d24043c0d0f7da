using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace Orchestrator.Resilience;

/// <summary>Builds a <see cref="PipelineShape{T}"/> of <c>object</c> as Polly's untyped pipeline (callers that execute many result types).</summary>
public static class PipelineShapes
{
    public static ResiliencePipeline BuildUntyped(this PipelineShape<object> shape) =>
        shape.Assemble(new ResiliencePipelineBuilder(),
            b => b.AddRetry(shape.Retry<RetryStrategyOptions>()),
            b => b.AddCircuitBreaker(shape.Breaker as CircuitBreakerStrategyOptions
                ?? throw new ArgumentException("an untyped pipeline takes a CircuitBreakerStrategyOptions", nameof(shape))))
            .Build();
}
