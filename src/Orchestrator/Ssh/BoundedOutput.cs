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

    /// <summary>
    /// Reads on a thread of its own (<see cref="OwnThread"/>): SSH.NET's output streams only block. The read ends when the
    /// command's channel closes or the command is disposed; the caller bounds its wait with a timeout.
    /// </summary>
    public static Task<string> ReadAsync(Stream stream, int limit) => OwnThread.Run(() => Read(stream, limit));

    public static string Read(Stream stream, int limit)
    {
        using var kept = new MemoryStream();
        var buffer = new byte[16 * 1024];
        long dropped = 0;
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
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
