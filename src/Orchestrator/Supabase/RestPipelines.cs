using Microsoft.Extensions.Logging;
using Orchestrator.Core.Ports;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Orchestrator.Supabase;

/// <summary>
/// The Polly pipelines of the Supabase REST store, one per kind of call. <see cref="RestCall.Retried"/>:
/// the call budget around retries with exponential backoff and jitter around a per-attempt timeout.
/// <see cref="RestCall.Once"/>: the per-attempt timeout only. Only transient failures are retried;
/// 401/403, a missing object and a PostgREST error about the request are final.
/// </summary>
internal static class RestPipelines
{
    public static ResiliencePipeline Build(RestCall call, SupabaseRestOptions options, ILogger logger)
    {
        var builder = new ResiliencePipelineBuilder();
        if (call == RestCall.Retried)
        {
            builder.AddTimeout(options.CallBudget);
            if (options.RetryAttempts > 0)
            {
                builder.AddRetry(new RetryStrategyOptions
                {
                    ShouldHandle = new PredicateBuilder()
                        .Handle<TimeoutRejectedException>()
                        .Handle<StoreException>(ex => ex.Kind == ErrorKind.Transient),
                    MaxRetryAttempts = options.RetryAttempts,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = options.RetryBaseDelay,
                    MaxDelay = options.CallBudget,
                    OnRetry = args =>
                    {
                        var reason = args.Outcome.Exception?.Message ?? "unknown";
                        RestStoreLog.Retrying(logger, args.Context.OperationKey ?? "call", args.AttemptNumber + 1, reason, (long)args.RetryDelay.TotalMilliseconds);
                        return default;
                    },
                });
            }
        }
        return builder.AddTimeout(options.RequestTimeout).Build();
    }
}
