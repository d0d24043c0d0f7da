namespace Orchestrator.Serverless.Results;

/// <summary>One image could not be saved; the message says why. Caught per image, never escapes the saver.</summary>
public sealed class ImageSaveException(string message) : Exception(message);
