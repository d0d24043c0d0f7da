using Orchestrator.Logging;
using Orchestrator.Core.Ports;

namespace Orchestrator.Bootstrap;

/// <summary>Maps an SSH-level failure (no command ran) to a bootstrap outcome with a reason code.</summary>
public static class ShellFailures
{
    /// <summary>Null when the command ran (whatever its exit code).</summary>
    public static BootstrapOutcome? ToOutcome(ShellResult result, SecretRedactor redactor)
    {
        var detail = redactor.Redact(LastLine(result.StandardError));
        return result.Status switch
        {
            ShellStatus.Completed => null,
            ShellStatus.HostKeyMismatch => BootstrapOutcome.Failed(BootstrapReasons.HostKeyMismatch,
                detail.Length == 0 ? "the pod's host key differs from the key pinned for it" : detail, retryable: false),
            ShellStatus.TimedOut => BootstrapOutcome.Failed(BootstrapReasons.SshTimeout, detail.Length == 0 ? "timed out" : detail, retryable: true),
            ShellStatus.AuthFailed => BootstrapOutcome.Failed(BootstrapReasons.SshAuthFailed, detail, retryable: false),
            _ => BootstrapOutcome.Failed(BootstrapReasons.SshUnreachable, detail.Length == 0 ? "connection failed" : detail, retryable: true),
        };
    }

    private static string LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
}
