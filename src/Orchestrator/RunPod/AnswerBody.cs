using System.Text;
using Orchestrator.Core.Ports;

namespace Orchestrator.RunPod;

/// <summary>
/// Reads a RunPod answer's body with a bound: a declared length over <see cref="MaxBytes"/> is refused before reading,
/// and a body that keeps coming is cut off there, so a broken or hostile answer costs at most that much memory (the
/// whole account's pod list is a few hundred kB). Bytes that are not UTF-8 decode as U+FFFD, which the JSON reader then sees.
/// </summary>
public static class AnswerBody
{
    public const int MaxBytes = 16 * 1024 * 1024;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public static async Task<string> ReadAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength is long declared && declared > maxBytes)
        {
            throw TooLarge($"declared {declared} bytes", maxBytes);
        }
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[Math.Min(maxBytes + 1, 64 * 1024)];
            using var kept = new MemoryStream();
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (kept.Length + read > maxBytes)
                {
                    throw TooLarge($"more than {maxBytes} bytes", maxBytes);
                }
                kept.Write(buffer, 0, read);
            }
            return Utf8.GetString(kept.GetBuffer(), 0, (int)kept.Length);
        }
    }

    private static RunPodApiException TooLarge(string what, int maxBytes) =>
        new(ErrorKind.CloudApi, $"answer too large ({what}; the limit is {maxBytes / 1024 / 1024} MiB); not read");
}
