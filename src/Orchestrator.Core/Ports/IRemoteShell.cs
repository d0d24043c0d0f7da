namespace Orchestrator.Core.Ports;

/// <summary>
/// Runs a shell command on a pod. Connection problems, host-key mismatches and timeouts are returned
/// as <see cref="ShellStatus"/>, not thrown. Secrets travel only in the standard input,
/// never in the command. Not idempotent: the command decides that.
/// </summary>
public interface IRemoteShell
{
    Task<ShellResult> RunAsync(ShellTarget target, string command, string? standardInput, TimeSpan timeout, CancellationToken cancellationToken);
}
