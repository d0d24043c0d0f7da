namespace Orchestrator.Serverless.Results;

/// <summary>Base64 decoding (with or without a <c>data:</c> prefix) and file-type sniffing.</summary>
public static class ImageBytes
{
    /// <summary>Strips a <c>data:*;base64,</c> prefix and whitespace, restores padding, decodes. Null when it is not base64.</summary>
    public static byte[]? Decode(string text)
    {
        var s = StripDataPrefix(text.AsSpan().Trim());
        var buffer = new char[s.Length + 3];
        var length = 0;
        foreach (var c in s)
        {
            if (!char.IsWhiteSpace(c))
            {
                buffer[length++] = c switch { '-' => '+', '_' => '/', _ => c };
            }
        }
        while (length % 4 != 0)
        {
            buffer[length++] = '=';
        }
        if (length == 0)
        {
            return null;
        }
        var bytes = new byte[length / 4 * 3];
        return Convert.TryFromBase64Chars(buffer.AsSpan(0, length), bytes, out var written) && written > 0 ? bytes[..written] : null;
    }

    public static bool IsDataUri(string text) => text.TrimStart().StartsWith("data:", StringComparison.OrdinalIgnoreCase);

    /// <summary>The extension for known image/video signatures, or null.</summary>
    public static string? Sniff(ReadOnlySpan<byte> b) => b switch
    {
        [0x89, 0x50, 0x4E, 0x47, ..] => ".png",
        [0xFF, 0xD8, 0xFF, ..] => ".jpg",
        [0x47, 0x49, 0x46, 0x38, ..] => ".gif",
        [0x52, 0x49, 0x46, 0x46, _, _, _, _, 0x57, 0x45, 0x42, 0x50, ..] => ".webp",
        [0x42, 0x4D, ..] => ".bmp",
        [_, _, _, _, 0x66, 0x74, 0x79, 0x70, ..] => ".mp4",
        _ => null,
    };

    private static ReadOnlySpan<char> StripDataPrefix(ReadOnlySpan<char> s)
    {
        if (!s.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            return s;
        }
        var comma = s.IndexOf(',');
        return comma < 0 ? [] : s[(comma + 1)..];
    }
}
