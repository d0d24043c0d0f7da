using System.Globalization;

namespace Orchestrator.Bootstrap;

/// <summary>
/// Parses <c>nvidia-smi --query-gpu=name,memory.total,memory.used,driver_version --format=csv,noheader</c>
/// (with or without <c>nounits</c>). Pure. Lines that are not a GPU row are skipped, garbage included (control characters,
/// bytes that were not UTF-8, absurd lengths or numbers): such output reads as "no GPU", never as a GPU with a garbled name.
/// </summary>
public static class NvidiaSmiParser
{
    public static IReadOnlyList<GpuInfo> Parse(string output)
    {
        var gpus = new List<GpuInfo>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (ParseLine(line) is { } gpu)
            {
                gpus.Add(gpu);
            }
        }
        return gpus;
    }

    /// <summary>One row, or null when it is not a GPU row (an error message, a header, too few fields).</summary>
    public static GpuInfo? ParseLine(string line)
    {
        var fields = line.Split(',', StringSplitOptions.TrimEntries);
        if (fields.Length != 4 || !Printable(fields[0], 128) || !Printable(fields[3], 64))
        {
            return null;
        }
        if (MiB(fields[1]) is not { } total || total <= 0)
        {
            return null;
        }
        return new GpuInfo(fields[0], total, MiB(fields[2]), fields[3]);
    }

    /// <summary>A name or version as nvidia-smi prints one: not empty, not too long, no control characters, no bytes that were not UTF-8 (U+FFFD).</summary>
    private static bool Printable(string field, int maxLength) =>
        field.Length > 0 && field.Length <= maxLength && !field.Any(c => char.IsControl(c) || c == '\uFFFD');

    /// <summary>"24564 MiB", "24564" → 24564; "[N/A]" and garbage → null.</summary>
    private static int? MiB(string field)
    {
        var text = field.EndsWith("MiB", StringComparison.OrdinalIgnoreCase) ? field[..^3].TrimEnd() : field;
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0 ? value : null;
    }
}
