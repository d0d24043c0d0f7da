using System.Text;

namespace Orchestrator.Ssh;

/// <summary>
/// Reads one of a remote command's output streams to its end while keeping at most <c>limit</c> bytes: the rest is read
/// and dropped, so a pod that prints without end (a 100 MB log line, a garbage <c>nvidia-smi</c>) costs the service a
/// fixed amount of memory. Bytes that are not UTF-8 decode as U+FFFD; a cut is marked on its own last line.
/// </summary>
internal static class BoundedOutput
{
    /// <summary>Kept per stream: far more than any script of ours prints, far less than a runaway output.</summary>
    public const int DefaultLimit = 1024 * 1024;

    public const string TruncatedMarker = "[output truncated by the orchestrator:";

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public static async Task<string> ReadAsync(Stream stream, int limit, CancellationToken cancellationToken)
    {
        var kept = new MemoryStream();
        await using (kept.ConfigureAwait(false))
        {
            var buffer = new byte[16 * 1024];
            long dropped = 0;
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                var room = (int)Math.Min(read, limit - kept.Length);
                if (room > 0)
                {
                    kept.Write(buffer, 0, room);
                }
                dropped += read - Math.Max(room, 0);
            }
            var text = Utf8.GetString(kept.GetBuffer(), 0, (int)kept.Length);
            return dropped == 0 ? text : $"{text}\n{TruncatedMarker} {dropped} more bytes]\n";
        }
    }
}
