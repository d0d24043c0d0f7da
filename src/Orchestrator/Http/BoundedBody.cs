using System.Text;

namespace Orchestrator.Http;

/// <summary>
/// Reads an HTTP answer's body with a bound: a declared length over the limit is refused before reading, and a body
/// that keeps coming is cut off there, so a broken or hostile answer costs at most that much memory. Bytes that are
/// not UTF-8 decode as U+FFFD, which a JSON reader then refuses. Every client of ours that reads a body reads it here
/// (RunPod, the Supabase REST store, the serverless API); send with <see cref="HttpCompletionOption.ResponseHeadersRead"/>
/// or HttpClient buffers the whole body first.
/// </summary>
public static class BoundedBody
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <param name="tooLarge">The caller's own error for an answer over the limit, given what was seen ("declared N bytes").</param>
    public static async Task<string> ReadAsync(HttpContent content, int maxBytes, Func<string, Exception> tooLarge, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength is long declared && declared > maxBytes)
        {
            throw tooLarge($"declared {declared} bytes");
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
                    throw tooLarge($"more than {maxBytes} bytes");
                }
                kept.Write(buffer, 0, read);
            }
            return Utf8.GetString(kept.GetBuffer(), 0, (int)kept.Length);
        }
    }

    /// <summary>"answer too large (what; the limit is N MiB); not read": the shared wording of every client's refusal.</summary>
    public static string TooLargeText(string what, int maxBytes) => $"answer too large ({what}; the limit is {maxBytes / 1024 / 1024} MiB); not read";
}
