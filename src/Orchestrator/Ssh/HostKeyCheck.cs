using Renci.SshNet.Common;

namespace Orchestrator.Ssh;

/// <summary>
/// The host-key decision during one handshake: trust the key when it matches the pin, or when there is no pin yet
/// (the caller then pins it before sending anything). Compares SHA-256 fingerprints (unpadded base64, as OpenSSH prints).
/// </summary>
internal sealed class HostKeyCheck(string? pinned)
{
    public string? Pinned { get; private set; } = pinned;
    public string? Presented { get; private set; }
    public bool Refused { get; private set; }

    public void OnHostKeyReceived(object? sender, HostKeyEventArgs e)
    {
        Presented = e.FingerPrintSHA256;
        e.CanTrust = Pinned is null || string.Equals(Pinned, Presented, StringComparison.Ordinal);
        Refused = !e.CanTrust;
    }

    /// <summary>Another replica pinned a different key between our read and our pin.</summary>
    public void RefuseAfterHandshake(string stored)
    {
        Pinned = stored;
        Refused = true;
    }
}
