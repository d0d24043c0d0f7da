using System.Net;
using Orchestrator.Core.Ports;

namespace Orchestrator.RunPod;

/// <summary>
/// Maps RunPod's HTTP statuses and GraphQL errors to the closed <see cref="ErrorKind"/> set. GraphQL reports
/// failures as HTTP 200 with only a message (and sometimes a code), so there the message is read; over HTTP the status decides.
/// </summary>
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

    private static bool IsCapacity(string message) => Contains(message, CapacityPhrases);

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
    /// A non-success HTTP status, by status only: RunPod documents no machine-readable capacity code and its
    /// wording is undocumented, so no message text is read. A create's refusals get their own meaning from
    /// RunPod's table (<see cref="CreateAnswer.From"/>); for other calls 4xx is invalid input.
    /// </summary>
    public static ErrorKind FromHttp(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => ErrorKind.Auth,
        HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout => ErrorKind.Transient,
        _ when (int)status >= 500 => ErrorKind.Transient,
        _ => ErrorKind.CloudApi,
    };

    private static bool Contains(string message, string[] phrases) =>
        phrases.Any(p => message.Contains(p, StringComparison.OrdinalIgnoreCase));
}
