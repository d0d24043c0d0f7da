using Orchestrator.Core.Ports;
using Orchestrator.Http;

namespace Orchestrator.RunPod;

/// <summary>
/// A RunPod answer's body read through <see cref="BoundedBody"/> with a bound of <see cref="MaxBytes"/> (the whole
/// account's pod list is a few hundred kB); over it, a <see cref="RunPodApiException"/> of kind CloudApi.
/// </summary>
public static class AnswerBody
{
    public const int MaxBytes = 16 * 1024 * 1024;

    public static Task<string> ReadAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken) =>
        BoundedBody.ReadAsync(content, maxBytes, what => TooLarge(what, maxBytes), cancellationToken);

    private static RunPodApiException TooLarge(string what, int maxBytes) =>
        new(ErrorKind.CloudApi, BoundedBody.TooLargeText(what, maxBytes));
}
