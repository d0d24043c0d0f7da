using Microsoft.Extensions.Logging;
using Orchestrator.Core.Ports;
using Polly;
using Polly.Timeout;
using Orchestrator.Resilience;

namespace Orchestrator.Supabase;

/// <summary>
/// The Polly pipelines of the Supabase REST store, one per kind of call. <see cref="RestCall.Retried"/>:
/// the call budget around retries with exponential backoff and jitter around a per-attempt timeout.
/// <see cref="RestCall.Once"/>: the per-attempt timeout only. Only transient failures are retried;
/// 401/403, a missing object and a PostgREST error about the request are final.
/// </summary>
internal static class RestPipelines
{
    public static ResiliencePipeline Build(RestCall call, SupabaseRestOptions options, ILogger logger) => new PipelineShape<object>
    {
        AttemptTimeout = options.RequestTimeout,
        Budget = call == RestCall.Retried ? options.CallBudget : null,
        RetryAttempts = call == RestCall.Retried ? options.RetryAttempts : 0,
        RetryBaseDelay = options.RetryBaseDelay,
        MaxRetryDelay = options.CallBudget,
        RetryOn = outcome => outcome.Exception is TimeoutRejectedException or StoreException { Kind: ErrorKind.Transient },
        OnRetry = args => RestStoreLog.Retrying(logger, args.Context.OperationKey ?? "call", args.AttemptNumber + 1,
            args.Outcome.Exception?.Message ?? "unknown", (long)args.RetryDelay.TotalMilliseconds),
    }.BuildUntyped();
}
