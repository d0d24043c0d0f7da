namespace Orchestrator.Core.Ports;

/// <summary>
/// Runs a shell command on a pod. One connection per pod is opened on first use and reused by every later call
/// (verify, launch, liveness, log tail); it is dropped when it fails, idles, or the pod's endpoint changes.
/// The pod's host key is pinned by <see cref="ShellTarget.PodId"/> in shared state on first connect and checked on
/// every later connect. Connection problems, host-key mismatches, refused keys and timeouts are returned as
/// <see cref="ShellStatus"/>, not thrown; only the caller's cancellation throws. Both the connect
/// (bounded by the adapter's connect timeout) and the command (bounded by <c>timeout</c>) end in time.
/// Secrets travel only in the standard input, never in the command. Not idempotent: the command decides that.
/// </summary>
public interface IRemoteShell
{
    Task<ShellResult> RunAsync(ShellTarget target, string command, string? standardInput, TimeSpan timeout, CancellationToken cancellationToken);
}
