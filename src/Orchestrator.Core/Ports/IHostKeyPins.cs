namespace Orchestrator.Core.Ports;

/// <summary>
/// Host keys pinned per pod in shared state (the worker's row), so every replica and every restart verifies
/// the same key. Implemented by each fleet store. Throws <see cref="StoreException"/> when the store cannot answer;
/// callers then refuse the connection (fail closed).
/// </summary>
public interface IHostKeyPins
{
    /// <summary>
    /// With a <paramref name="fingerprint"/>: pins it on the worker row holding <paramref name="podId"/> unless a key is
    /// pinned already (first writer wins, atomically), and returns the key pinned now; null when no worker row holds the pod.
    /// With a null fingerprint: only reads the pinned key (null when none is pinned or no row holds the pod).
    /// Idempotent.
    /// </summary>
    /// <param name="fingerprint">SHA-256 fingerprint of the host key, unpadded base64 as OpenSSH prints it (without <c>SHA256:</c>).</param>
    Task<string?> PinHostKeyAsync(string podId, string? fingerprint, DateTimeOffset at, CancellationToken cancellationToken);
}
