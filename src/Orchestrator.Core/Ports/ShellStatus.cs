namespace Orchestrator.Core.Ports;

/// <summary>How a remote command ended.</summary>
public enum ShellStatus
{
    /// <summary>The command ran; see the exit code.</summary>
    Completed,
    /// <summary>No connection (refused, unreachable, handshake failed, host key could not be checked).</summary>
    ConnectFailed,
    /// <summary>The pod presented a different host key than the one pinned for it; nothing was sent.</summary>
    HostKeyMismatch,
    /// <summary>The connect or the command exceeded its timeout.</summary>
    TimedOut,
    /// <summary>The pod refused our key.</summary>
    AuthFailed,
}
