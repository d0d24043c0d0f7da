using System.Globalization;

namespace Orchestrator.Core.Domain;

/// <summary>Worker ids are <c>&lt;prefix&gt;YYYYMMDD_HHMMSS-&lt;8 hex&gt;</c> (UTC); the id is also the pod name.</summary>
public static class WorkerIds
{
    private const string StampFormat = "yyyyMMdd_HHmmss";

    public static string New(string prefix, DateTimeOffset now, Random random)
    {
        Span<byte> bytes = stackalloc byte[4];
        random.NextBytes(bytes);
        return $"{prefix}{now.UtcDateTime.ToString(StampFormat, CultureInfo.InvariantCulture)}-{Convert.ToHexStringLower(bytes)}";
    }

    public static bool HasPrefix(string name, string prefix) => name.StartsWith(prefix, StringComparison.Ordinal);

    public static bool TryParseCreatedAt(string id, string prefix, out DateTimeOffset createdAt)
    {
        createdAt = default;
        if (!HasPrefix(id, prefix) || id.Length < prefix.Length + StampFormat.Length)
        {
            return false;
        }
        var stamp = id.AsSpan(prefix.Length, StampFormat.Length);
        if (!DateTime.TryParseExact(stamp, StampFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return false;
        }
        createdAt = new DateTimeOffset(parsed, TimeSpan.Zero);
        return true;
    }
}
