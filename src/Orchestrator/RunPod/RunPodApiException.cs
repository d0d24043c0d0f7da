using System.Net;
using Orchestrator.Core.Ports;

namespace Orchestrator.RunPod;

/// <summary>A failed RunPod call inside the resilience pipeline; converted to <see cref="CloudException"/> at the adapter's edge.</summary>
public sealed class RunPodApiException : Exception
{
    public RunPodApiException(ErrorKind kind, string message, HttpStatusCode? status = null, TimeSpan? retryAfter = null, bool notFound = false)
        : base(message)
    {
        Kind = kind;
        Status = status;
        RetryAfter = retryAfter;
        NotFound = notFound;
    }

    public ErrorKind Kind { get; }
    public HttpStatusCode? Status { get; }
    public TimeSpan? RetryAfter { get; }
    public bool NotFound { get; }

    /// <summary>429: RunPod refused before acting, so even a mutation may be sent again.</summary>
    public bool IsRateLimited => Status == HttpStatusCode.TooManyRequests;

    public bool IsTransient => Kind == ErrorKind.Transient;
}
