using Microsoft.Extensions.Logging;

namespace Orchestrator.Ssh;

/// <summary>SSH and bootstrap events. EventIds 4000-4099.</summary>
internal static partial class SshLog
{
    [LoggerMessage(EventId = 4000, EventName = "SshCommandCompleted", Level = LogLevel.Debug,
        Message = "SSH command on pod {PodId} ({Host}:{Port}) exited {ExitCode} in {DurationMs} ms")]
    public static partial void CommandCompleted(ILogger logger, string podId, string host, int port, int exitCode, long durationMs);

    [LoggerMessage(EventId = 4001, EventName = "SshConnectFailed", Level = LogLevel.Warning,
        Message = "SSH to pod {PodId} ({Host}:{Port}) failed: {Status}: {Reason} after {DurationMs} ms")]
    public static partial void ConnectFailed(ILogger logger, string podId, string host, int port, string status, string reason, long durationMs);

    [LoggerMessage(EventId = 4002, EventName = "SshHostKeyMismatch", Level = LogLevel.Error,
        Message = "SSH to pod {PodId} ({Host}:{Port}) refused: it presented host key SHA256:{Presented}, the key pinned for it is SHA256:{Pinned}")]
    public static partial void HostKeyMismatch(ILogger logger, string podId, string host, int port, string presented, string pinned);

    [LoggerMessage(EventId = 4003, EventName = "SshCommandTimedOut", Level = LogLevel.Warning,
        Message = "SSH command on pod {PodId} ({Host}:{Port}) timed out after {DurationMs} ms; its channel was closed")]
    public static partial void TimedOut(ILogger logger, string podId, string host, int port, long durationMs);

    [LoggerMessage(EventId = 4004, EventName = "SshConnected", Level = LogLevel.Debug,
        Message = "SSH connection to pod {PodId} ({Host}:{Port}) opened in {DurationMs} ms ({KeyExchange}, {Cipher}); connections to this pod so far: {Connections}")]
    public static partial void Connected(ILogger logger, string podId, string host, int port, long durationMs, string keyExchange, string cipher, int connections);

    [LoggerMessage(EventId = 4005, EventName = "SshHostKeyPinned", Level = LogLevel.Information,
        Message = "Pod {PodId} ({Host}:{Port}): host key SHA256:{Fingerprint} pinned on first connect")]
    public static partial void HostKeyPinned(ILogger logger, string podId, string host, int port, string fingerprint);

    [LoggerMessage(EventId = 4006, EventName = "SshConnectionClosed", Level = LogLevel.Debug,
        Message = "SSH connection to pod {PodId} closed: {Reason}")]
    public static partial void ConnectionClosed(ILogger logger, string podId, string reason);

    [LoggerMessage(EventId = 4010, EventName = "PodVerified", Level = LogLevel.Information,
        Message = "Pod {PodId} of worker {WorkerId} verified: GPU {GpuType}, {Detail}")]
    public static partial void Verified(ILogger logger, string workerId, string podId, string gpuType, string detail);

    [LoggerMessage(EventId = 4011, EventName = "PodVerificationFailed", Level = LogLevel.Warning,
        Message = "Pod {PodId} of worker {WorkerId} failed verification: {Reason}: {Detail}")]
    public static partial void VerificationFailed(ILogger logger, string workerId, string podId, string reason, string detail);

    [LoggerMessage(EventId = 4020, EventName = "WorkerLaunched", Level = LogLevel.Information,
        Message = "Worker {WorkerId} launched on pod {PodId} (pid {Pid}, {Status}) in {DurationMs} ms")]
    public static partial void Launched(ILogger logger, string workerId, string podId, string pid, string status, long durationMs);

    [LoggerMessage(EventId = 4021, EventName = "WorkerLaunchFailed", Level = LogLevel.Warning,
        Message = "Worker {WorkerId} launch on pod {PodId} failed: {Reason}: {Detail}")]
    public static partial void LaunchFailed(ILogger logger, string workerId, string podId, string reason, string detail);
}
