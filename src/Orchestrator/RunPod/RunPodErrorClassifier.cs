using System.Net;
using Orchestrator.Core.Ports;

namespace Orchestrator.RunPod;

/// <summary>Maps RunPod's HTTP statuses, GraphQL error codes and messages to the closed <see cref="ErrorKind"/> set.</summary>
public static class RunPodErrorClassifier
{
    private static readonly string[] CapacityPhrases =
    [
        "no longer any instances available", "no instances available", "not enough free gpus", "out of capacity",
        "insufficient capacity", "no available machines", "could not be placed", "no capacity",
    ];

    private static readonly string[] AuthPhrases = ["unauthorized", "unauthenticated", "forbidden", "invalid api key", "permission denied", "not authorized"];

    private static readonly string[] NotFoundPhrases = ["not found", "does not exist", "no pod with", "could not find"];

    private static readonly string[] TransientPhrases = ["something went wrong", "try again later", "internal server error", "timed out", "temporarily"];

    public static bool IsCapacity(string message) => Contains(message, CapacityPhrases);

    public static bool IsNotFound(string message) => Contains(message, NotFoundPhrases);

    /// <summary>A GraphQL <c>errors[]</c> entry (HTTP 200).</summary>
    public static ErrorKind FromGraphQl(string message, string? code)
    {
        if (IsCapacity(message))
        {
            return ErrorKind.CloudCapacity;
        }
        if (code is "UNAUTHENTICATED" or "FORBIDDEN" || Contains(message, AuthPhrases))
        {
            return ErrorKind.Auth;
        }
        if (code is "INTERNAL_SERVER_ERROR" || Contains(message, TransientPhrases))
        {
            return ErrorKind.Transient;
        }
        return ErrorKind.CloudApi;
    }

    /// <summary>
    /// A non-success HTTP status with the body's message. REST v2 answers a stockout with 400 and only a
    /// human-readable detail, so a 400 is capacity when the detail says so and invalid input otherwise;
    /// 422 (contract violation), 402 (balance) and 409 are invalid input.
    /// </summary>
    public static ErrorKind FromHttp(HttpStatusCode status, string message)
    {
        if (status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            return ErrorKind.Auth;
        }
        if (status == HttpStatusCode.TooManyRequests)
        {
            return ErrorKind.Transient;
        }
        if (IsCapacity(message))
        {
            return ErrorKind.CloudCapacity;
        }
        return (int)status >= 500 || status == HttpStatusCode.RequestTimeout ? ErrorKind.Transient : ErrorKind.CloudApi;
    }

    private static bool Contains(string message, string[] phrases) =>
        phrases.Any(p => message.Contains(p, StringComparison.OrdinalIgnoreCase));
}
