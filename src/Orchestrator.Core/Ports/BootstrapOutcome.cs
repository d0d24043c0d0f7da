namespace Orchestrator.Core.Ports;

/// <summary>
/// Result of verifying a pod and launching its worker. A failure carries a reason code
/// (for example <c>volume-missing</c>, <c>nvidia-smi-failed</c>, <c>ssh-unreachable</c>) and detail text.
/// </summary>
/// <param name="Retryable">True when the same pod may succeed on a later attempt (SSH not up yet).</param>
/// <param name="MetadataJson">Facts to store on the worker row (GPU name, memory, driver), as a JSON object.</param>
public sealed record BootstrapOutcome(bool Succeeded, string Reason, string? Detail = null, bool Retryable = false, string? MetadataJson = null)
{
    public static BootstrapOutcome Launched(string? metadataJson = null) => new(true, "launched", null, false, metadataJson);

    public static BootstrapOutcome Failed(string reason, string? detail, bool retryable) => new(false, reason, detail, retryable);
}
