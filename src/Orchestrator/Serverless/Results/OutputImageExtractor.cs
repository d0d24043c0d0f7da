using System.Text.Json.Nodes;

namespace Orchestrator.Serverless.Results;

/// <summary>
/// Finds the images in a job's output, whatever worker version produced it:
/// worker-comfyui 5.x <c>images[{filename, type: base64|s3_url, data}]</c> with <c>errors[]</c>;
/// 2.x–4.0 <c>{status, message}</c> (plain base64 or URL); 1.x <c>message</c> as a data URI;
/// a plain list of base64 strings; nested shapes such as <c>job_results.images</c>; objects with
/// <c>image</c>/<c>url</c>/<c>data</c>. Where images are expected (an <c>images</c> key, a <c>message</c>,
/// the root) an unusable entry is a problem; elsewhere only values that are clearly images count.
/// </summary>
public sealed class OutputImageExtractor
{
    private const int MaxDepth = 12;
    private static readonly string[] DataKeys = ["data", "image", "url", "base64", "b64_json", "image_url"];
    private static readonly string[] NameKeys = ["filename", "name", "file_name"];
    private static readonly string[] ImageExtensions = [".png", ".jpg", ".jpeg", ".webp", ".gif", ".bmp", ".mp4", ".webm"];

    private readonly List<ImageRef> _images = [];
    private readonly List<(int, string)> _problems = [];
    private readonly List<string> _warnings = [];
    private string? _outputError;
    private int _next;

    private OutputImageExtractor()
    {
    }

    public static ExtractedOutput Extract(JsonNode? output)
    {
        var extractor = new OutputImageExtractor();
        extractor.Walk(output, strict: true, depth: 0);
        return new ExtractedOutput(extractor._images, extractor._problems, extractor._warnings, extractor._outputError);
    }

    private void Walk(JsonNode? node, bool strict, int depth)
    {
        if (depth > MaxDepth)
        {
            return;
        }
        switch (node)
        {
            case JsonValue v when v.TryGetValue<string>(out var text):
                Candidate(text, null, strict);
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Walk(item, strict, depth + 1);
                }
                break;
            case JsonObject o:
                WalkObject(o, strict, depth);
                break;
        }
    }

    private void WalkObject(JsonObject o, bool strict, int depth)
    {
        var status = Text(o["status"]);
        if (o["images"] is null && DataKeys.Select(k => Text(o[k])).FirstOrDefault(t => t is not null) is { } data)
        {
            var name = NameKeys.Select(k => Text(o[k])).FirstOrDefault(t => t is not null);
            Candidate(data, name, strict || name is not null || o["type"] is not null);
            return;
        }
        if (string.Equals(status, "error", StringComparison.OrdinalIgnoreCase))
        {
            _outputError = Text(o["message"]) ?? Text(o["error"]) ?? "the output reports status \"error\"";
            AddWarnings(o["details"]);
            return;
        }
        if (Text(o["message"]) is { } message && (status is null || status.StartsWith("success", StringComparison.OrdinalIgnoreCase)))
        {
            Candidate(message, null, strict: status is not null);
        }
        AddWarnings(o["errors"]);
        foreach (var (key, value) in o)
        {
            if (key is "message" or "status" or "errors" or "details")
            {
                continue;
            }
            Walk(value, strict: key is "images" or "image" or "output", depth + 1);
        }
    }

    private void Candidate(string value, string? name, bool strict)
    {
        var text = value.Trim();
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            if (strict || ImageExtensions.Contains(Path.GetExtension(uri.AbsolutePath).ToLowerInvariant()))
            {
                _images.Add(new ImageRef(_next++, name, null, uri));
            }
            return;
        }
        var bytes = ImageBytes.Decode(text);
        if (bytes is not null && (strict || ImageBytes.Sniff(bytes) is not null))
        {
            _images.Add(new ImageRef(_next++, name, text, null));
        }
        else if (strict)
        {
            var shown = text.Length > 40 ? text[..40] + "…" : text;
            _problems.Add((_next++, $"{(name is null ? "" : $"'{name}': ")}neither base64 nor an http(s) URL: '{shown}'"));
        }
    }

    private void AddWarnings(JsonNode? node)
    {
        if (node is JsonArray array)
        {
            _warnings.AddRange(array.Where(n => n is not null).Select(n => Text(n) ?? n!.ToJsonString()));
        }
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;
}
