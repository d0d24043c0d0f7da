namespace Orchestrator.Serverless.Results;

/// <summary>One image found in a job's output: base64 data or a URL, with the file name the worker gave, if any.</summary>
/// <param name="Index">Position among the images found, from 0.</param>
public sealed record ImageRef(int Index, string? FileName, string? Base64, Uri? Url);
