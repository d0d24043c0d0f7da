namespace Orchestrator.Serverless.Results;

/// <summary>
/// File names that come from a job's output are untrusted: only the last path segment is kept,
/// characters outside a small set are replaced, and the final path is checked to be inside the folder.
/// </summary>
public static class SafeFileNames
{
    private const int MaxStemLength = 100;

    /// <summary>A safe stem and extension from an untrusted name; <paramref name="fallbackStem"/> when nothing usable is left.</summary>
    public static (string Stem, string Extension) Clean(string? untrusted, string fallbackStem)
    {
        var last = (untrusted ?? "").Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
        var chars = last.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray();
        var name = new string(chars).Trim('.', ' ');
        var extension = Path.GetExtension(name);
        var stem = Path.GetFileNameWithoutExtension(name).Trim('.');
        if (extension.Length is > 6 or 1 || extension.Skip(1).Any(c => !char.IsAsciiLetterOrDigit(c)))
        {
            extension = "";
        }
        if (stem.Length == 0 || stem.All(c => c == '_'))
        {
            stem = fallbackStem;
        }
        return (stem.Length > MaxStemLength ? stem[..MaxStemLength] : stem, extension.ToLowerInvariant());
    }

    /// <summary>True when <paramref name="path"/> resolves to a file directly inside <paramref name="folder"/>.</summary>
    public static bool IsInside(string folder, string path)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)) + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(path);
        return full.StartsWith(root, StringComparison.Ordinal) && full.IndexOf(Path.DirectorySeparatorChar, root.Length) < 0;
    }

    /// <summary>Creates a new file named stem[_n]ext inside the folder without overwriting anything.</summary>
    public static (FileStream Stream, string Path) CreateUnique(string folder, string stem, string extension)
    {
        for (var n = 0; n < 10_000; n++)
        {
            var candidate = Path.Combine(folder, n == 0 ? stem + extension : $"{stem}_{n}{extension}");
            if (!IsInside(folder, candidate))
            {
                throw new InvalidOperationException($"'{candidate}' would be outside the output folder");
            }
            try
            {
                return (new FileStream(candidate, FileMode.CreateNew, FileAccess.Write, FileShare.None), candidate);
            }
            catch (IOException) when (File.Exists(candidate) || Directory.Exists(candidate))
            {
                // taken: try the next suffix
            }
        }
        throw new IOException($"no free file name for '{stem}{extension}' in {folder}");
    }
}
