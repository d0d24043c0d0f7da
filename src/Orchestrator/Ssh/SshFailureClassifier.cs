using Orchestrator.Core.Ports;

namespace Orchestrator.Ssh;

/// <summary>
/// Reads the OpenSSH client's own failures. The client exits 255 when it cannot run the command;
/// a remote command may exit 255 too, so the client's message on standard error decides.
/// </summary>
public static class SshFailureClassifier
{
    private static readonly string[] HostKey =
    [
        "Host key verification failed",
        "REMOTE HOST IDENTIFICATION HAS CHANGED",
        "has changed and you have requested strict checking",
    ];

    private static readonly string[] Timeout =
    [
        "Connection timed out",
        "Operation timed out",
        "timed out during banner exchange",
        "Timeout, server",
    ];

    private static readonly string[] Connect =
    [
        "ssh: connect to host",
        "Connection refused",
        "No route to host",
        "Could not resolve hostname",
        "Permission denied",
        "kex_exchange_identification",
        "Connection closed by",
        "Connection reset",
        "banner exchange",
        "Network is unreachable",
        "Too many authentication failures",
        "Load key",
        "ssh_exchange_identification",
    ];

    /// <summary>The status for an exit code and standard error of the client.</summary>
    public static ShellStatus Classify(int exitCode, string standardError)
    {
        if (exitCode != 255)
        {
            return ShellStatus.Completed;
        }
        if (ContainsAny(standardError, HostKey))
        {
            return ShellStatus.HostKeyMismatch;
        }
        if (ContainsAny(standardError, Timeout))
        {
            return ShellStatus.TimedOut;
        }
        return ContainsAny(standardError, Connect) ? ShellStatus.ConnectFailed : ShellStatus.Completed;
    }

    private static bool ContainsAny(string text, string[] needles) =>
        needles.Any(n => text.Contains(n, StringComparison.OrdinalIgnoreCase));
}
