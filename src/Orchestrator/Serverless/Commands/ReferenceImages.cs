using System.Text.Json.Nodes;

namespace Orchestrator.Serverless.Commands;

/// <summary>
/// Reference images for worker-comfyui's <c>input.images[{name, image}]</c>: files by name, directories
/// scanned recursively keeping the relative path (with '/') as the name, base64-encoded.
/// </summary>
public static class ReferenceImages
{
    public static IReadOnlyList<string> Extensions { get; } = [".png", ".jpg", ".jpeg", ".webp", ".bmp", ".gif"];

    /// <summary>The <c>images</c> array; every unreadable, unsupported or duplicate name is a problem.</summary>
    public static JsonArray Collect(IReadOnlyList<string> files, string? directory, List<string> problems)
    {
        var found = new List<(string Name, string Path)>();
        foreach (var file in files)
        {
            if (!File.Exists(file))
            {
                problems.Add($"--images: '{file}' does not exist");
            }
            else if (!IsSupported(file))
            {
                problems.Add($"--images: '{file}' is not a supported image ({string.Join(", ", Extensions)})");
            }
            else
            {
                found.Add((Path.GetFileName(file), file));
            }
        }
        if (directory is not null)
        {
            if (!Directory.Exists(directory))
            {
                problems.Add($"--images-dir: '{directory}' is not a directory");
            }
            else
            {
                found.AddRange(Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
                    .Where(IsSupported)
                    .Order(StringComparer.Ordinal)
                    .Select(f => (Path.GetRelativePath(directory, f).Replace(Path.DirectorySeparatorChar, '/'), f)));
            }
        }
        foreach (var duplicate in found.GroupBy(f => f.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add($"reference image name '{duplicate.Key}' is used by {string.Join(" and ", duplicate.Select(d => d.Path))}; the worker would overwrite one with the other");
        }
        return problems.Count > 0 ? [] : new JsonArray([.. found.Select(f => Encode(f.Name, f.Path, problems))]);
    }

    private static bool IsSupported(string path) => Extensions.Contains(Path.GetExtension(path).ToLowerInvariant());

    private static JsonObject Encode(string name, string path, List<string> problems)
    {
        try
        {
            return new JsonObject { ["name"] = name, ["image"] = Convert.ToBase64String(File.ReadAllBytes(path)) };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add($"'{path}' cannot be read: {e.Message}");
            return new JsonObject();
        }
    }
}
