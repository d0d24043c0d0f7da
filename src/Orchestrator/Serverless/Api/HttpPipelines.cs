using System.Net;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Timeout;
using Orchestrator.Resilience;

namespace Orchestrator.Serverless.Api;

/// <summary>
/// The Polly pipelines of the serverless area, one per failure domain. Reads (status, health, cancel,
/// which is idempotent) get a per-attempt timeout and retries with jitter on 408/429/5xx and dropped
/// connections, honouring Retry-After. Submissions (<c>/run</c>, <c>/runsync</c>) are retried only on 429,
/// where RunPod refused the request before creating a job; a 5xx or a timeout may have created one.
/// </summary>
public static class HttpPipelines
{
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(60);

    public static ResiliencePipeline<HttpResponseMessage> Read(ServerlessOptions options, ILogger logger, string domain) =>
        Build(options.RequestTimeout, options, logger, domain, IsTransientStatus, handleExceptions: true);

    public static ResiliencePipeline<HttpResponseMessage> Submit(TimeSpan timeout, ServerlessOptions options, ILogger logger, string domain) =>
        Build(timeout, options, logger, domain, code => code == HttpStatusCode.TooManyRequests, handleExceptions: false);

    /// <summary>A timeout only: the pod route and image downloads have their own fallback or report.</summary>
    public static ResiliencePipeline<HttpResponseMessage> TimeoutOnly(TimeSpan timeout) =>
        new PipelineShape<HttpResponseMessage> { AttemptTimeout = Clamp(timeout) }.Build();

    public static bool IsTransientStatus(HttpStatusCode code) =>
        code is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)code >= 500;

    private static ResiliencePipeline<HttpResponseMessage> Build(TimeSpan timeout, ServerlessOptions options, ILogger logger, string domain,
        Func<HttpStatusCode, bool> retryOn, bool handleExceptions) => new PipelineShape<HttpResponseMessage>
    {
        AttemptTimeout = Clamp(timeout),
        RetryAttempts = options.RetryAttempts,
        RetryBaseDelay = options.RetryBaseDelay,
        MaxRetryDelay = MaxRetryAfter,
        RetryOn = outcome => outcome.Result is { } response ? retryOn(response.StatusCode)
            : handleExceptions && outcome.Exception is HttpRequestException or TimeoutRejectedException,
        RetryAfter = outcome => RetryAfter(outcome.Result),
        OnRetry = args =>
        {
            var reason = args.Outcome.Result is { } r ? $"HTTP {(int)r.StatusCode}" : args.Outcome.Exception?.GetType().Name ?? "unknown";
            ServerlessLog.Retrying(logger, domain, args.AttemptNumber + 1, reason, (long)args.RetryDelay.TotalMilliseconds);
            args.Outcome.Result?.Dispose();
        },
    }.Build();

    /// <summary>The server's Retry-After (seconds or a date), capped; null lets the exponential backoff decide.</summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage? response)
    {
        var header = response?.Headers.RetryAfter;
        TimeSpan? delay = header?.Delta ?? (header?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        if (delay is null)
        {
            return null;
        }
        return delay < TimeSpan.Zero ? TimeSpan.Zero : delay > MaxRetryAfter ? MaxRetryAfter : delay;
    }

    private static TimeSpan Clamp(TimeSpan timeout) =>
        timeout < TimeSpan.FromMilliseconds(10) ? TimeSpan.FromMilliseconds(10) : timeout > TimeSpan.FromHours(24) ? TimeSpan.FromHours(24) : timeout;
}
