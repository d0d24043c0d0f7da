using System.Net;
using Orchestrator.Core.Domain;
using Orchestrator.Core.Ports;

namespace Orchestrator.RunPod;

/// <summary>
/// What one create call to RunPod answered: the pod, or a refusal RunPod's table gives a meaning to.
/// A refusal is data (expected); a timeout, a dropped connection or an unreadable answer still throws,
/// because the pod may exist.
/// </summary>
public abstract record CreateAnswer
{
    private CreateAnswer()
    {
    }

    public sealed record Created(PodInfo Pod) : CreateAnswer;

    /// <param name="Detail">RunPod's message (scrubbed of secrets): the problem's <c>detail</c> plus its <c>errors</c>.</param>
    public sealed record Refused(CreateRefusal Reason, string Detail, TimeSpan? RetryAfter = null) : CreateAnswer;

    /// <summary>
    /// Reads a failed create call. <paramref name="rest"/>: REST v2's table (400 = unplaceable, 403 = this
    /// pool); over GraphQL an HTTP 400 is a malformed document and 403 a refused key. Null: not a refusal
    /// (timeout, connection, GraphQL internal error), so the outcome is unknown and the caller throws.
    /// </summary>
    public static Refused? From(RunPodApiException ex, bool rest) => ex.Status switch
    {
        HttpStatusCode.UnprocessableEntity => new(CreateRefusal.Contract, ex.Message),
        HttpStatusCode.BadRequest => new(rest ? CreateRefusal.Unplaceable : CreateRefusal.Contract, ex.Message),
        HttpStatusCode.PaymentRequired => new(CreateRefusal.Balance, ex.Message),
        HttpStatusCode.Forbidden => new(rest ? CreateRefusal.Forbidden : CreateRefusal.Auth, ex.Message),
        HttpStatusCode.Unauthorized => new(CreateRefusal.Auth, ex.Message),
        HttpStatusCode.TooManyRequests => new(CreateRefusal.RateLimited, ex.Message, ex.RetryAfter),
        HttpStatusCode.RequestTimeout => null,
        { } status when (int)status >= 500 => new(CreateRefusal.ServerError, ex.Message),
        { } => new(CreateRefusal.Invalid, ex.Message),
        null => ex.Kind switch
        {
            ErrorKind.CloudCapacity => new(CreateRefusal.Unplaceable, ex.Message),
            ErrorKind.Auth => new(CreateRefusal.Auth, ex.Message),
            ErrorKind.CloudApi or ErrorKind.Configuration => new(CreateRefusal.Invalid, ex.Message),
            _ => null,
        },
    };
}
