namespace Orchestrator.Core.Ports;

/// <summary>How a remote command ended.</summary>
public enum ShellStatus
{
    /// <summary>The command ran; see the exit code.</summary>
    Completed,
    /// <summary>No connection (refused, unreachable, auth failed).</summary>
    ConnectFailed,
    /// <summary>The pod presented a different host key than the one pinned for it.</summary>
    HostKeyMismatch,
    /// <summary>The command or the connection exceeded its timeout.</summary>
    TimedOut,
}
