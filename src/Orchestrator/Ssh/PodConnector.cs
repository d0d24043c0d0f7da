using System.Diagnostics;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Orchestrator.Core.Ports;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace Orchestrator.Ssh;

/// <summary>
/// Opens one authenticated SSH.NET connection to a pod, with the host key checked against the pin in shared state:
/// the stored pin is read before connecting; with none, the presented key is accepted for the handshake and pinned
/// right after it (first writer wins across replicas), before any command is sent. Every failure is a
/// <see cref="ShellResult"/> with its <see cref="ShellStatus"/>; the whole connect is bounded by the connect timeout.
/// </summary>
internal sealed class PodConnector(SshOptions options, SshPrivateKey key, IHostKeyPins pins, TimeProvider time, SshConnectionCounts counts, ILogger logger)
{
    public async Task<(SshClient? Client, ShellResult? Failure)> ConnectAsync(ShellTarget target, CancellationToken cancellationToken)
    {
        if (key.Key is not { } privateKey)
        {
            return (null, Failed(ShellStatus.AuthFailed, key.Problem ?? "no private key"));
        }
        var clock = Stopwatch.StartNew();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(options.ConnectTimeout);
        string? pinned;
        try
        {
            pinned = await pins.PinHostKeyAsync(target.PodId, null, time.GetUtcNow(), limit.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is StoreException or OperationCanceledException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return (null, Failed(ShellStatus.ConnectFailed, $"the pinned host key could not be read, so the pod is not contacted: {ex.Message}"));
        }
#pragma warning disable CA2000 // on success the connected client goes to the caller (one per pod, disposed when the pod's connection closes); on failure it is disposed below
        var info = new PrivateKeyConnectionInfo(target.Host, target.Port, options.User, privateKey) { Timeout = options.ConnectTimeout };
        KeyExchangeOrder.Apply(info.KeyExchangeAlgorithms, options.KeyExchange);
        var client = new SshClient(info) { KeepAliveInterval = options.KeepAlive };
#pragma warning restore CA2000
        var check = new HostKeyCheck(pinned);
        client.HostKeyReceived += check.OnHostKeyReceived;
        var failure = await HandshakeAsync(client, check, target, limit.Token, cancellationToken).ConfigureAwait(false)
            ?? await PinAsync(check, target, limit.Token, cancellationToken).ConfigureAwait(false);
        if (failure is not null)
        {
            client.Dispose();
            LogFailure(target, failure, check, clock.ElapsedMilliseconds);
            return (null, failure);
        }
        counts.Opened(target.PodId);
        SshLog.Connected(logger, target.PodId, target.Host, target.Port, clock.ElapsedMilliseconds,
            client.ConnectionInfo.CurrentKeyExchangeAlgorithm ?? "?", client.ConnectionInfo.CurrentServerEncryption ?? "?", counts.For(target.PodId));
        return (client, null);
    }

    private static async Task<ShellResult?> HandshakeAsync(SshClient client, HostKeyCheck check, ShellTarget target, CancellationToken limit, CancellationToken caller)
    {
        // The blocking Connect on a thread of its own (see OwnThread); the connect timeout bounds its waits, and the
        // WaitAsync below bounds ours even if a stage ignores it (the client is then disposed, which ends the thread).
        var connect = OwnThread.Run(client.Connect);
        try
        {
            // WaitAsync as well: the connect must end at the timeout even if a stage of the handshake ignored the token.
            await connect.WaitAsync(limit).ConfigureAwait(false);
            return null;
        }
        catch (Exception ex) when (!caller.IsCancellationRequested && ex is not OutOfMemoryException)
        {
            _ = connect.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            return Classify(ex, check, target);
        }
    }

    private static ShellResult Classify(Exception ex, HostKeyCheck check, ShellTarget target) => ex switch
    {
        _ when check.Refused => Failed(ShellStatus.HostKeyMismatch, $"pod {target.PodId} presented host key SHA256:{check.Presented}; the key pinned for it is SHA256:{check.Pinned}"),
        SshAuthenticationException => Failed(ShellStatus.AuthFailed, $"Permission denied (publickey): {ex.Message}"),
        OperationCanceledException or SshOperationTimeoutException or TimeoutException => Failed(ShellStatus.TimedOut, "the connection or its handshake did not finish within the connect timeout"),
        SocketException socket => Failed(ShellStatus.ConnectFailed, $"connect to {target.Host}:{target.Port}: {socket.SocketErrorCode}: {socket.Message}"),
        SshException or ProxyException or IOException or ObjectDisposedException or InvalidOperationException =>
            Failed(ShellStatus.ConnectFailed, $"{target.Host}:{target.Port}: {ex.Message}"),
        _ => throw new OrchestratorException(ErrorKind.RemoteShell, $"unexpected SSH failure for pod {target.PodId}: {ex.Message}", ex),
    };

    /// <summary>With no pin before the handshake, pins the key just seen; another replica's different pin refuses it.</summary>
    private async Task<ShellResult?> PinAsync(HostKeyCheck check, ShellTarget target, CancellationToken limit, CancellationToken caller)
    {
        if (check.Pinned is not null)
        {
            return null;
        }
        string? stored;
        try
        {
            stored = await pins.PinHostKeyAsync(target.PodId, check.Presented, time.GetUtcNow(), limit).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is StoreException or OperationCanceledException)
        {
            caller.ThrowIfCancellationRequested();
            return Failed(ShellStatus.ConnectFailed, $"the host key could not be pinned, so nothing is sent: {ex.Message}");
        }
        if (stored is null)
        {
            return Failed(ShellStatus.ConnectFailed, $"no worker row holds pod {target.PodId}, so its host key cannot be pinned; nothing is sent");
        }
        if (!string.Equals(stored, check.Presented, StringComparison.Ordinal))
        {
            check.RefuseAfterHandshake(stored);
            return Failed(ShellStatus.HostKeyMismatch, $"pod {target.PodId} presented host key SHA256:{check.Presented}; the key pinned for it is SHA256:{stored}");
        }
        SshLog.HostKeyPinned(logger, target.PodId, target.Host, target.Port, stored);
        return null;
    }

    private void LogFailure(ShellTarget target, ShellResult failure, HostKeyCheck check, long ms)
    {
        if (failure.Status == ShellStatus.HostKeyMismatch)
        {
            SshLog.HostKeyMismatch(logger, target.PodId, target.Host, target.Port, check.Presented ?? "?", check.Pinned ?? "?");
            return;
        }
        SshLog.ConnectFailed(logger, target.PodId, target.Host, target.Port, failure.Status.ToString(), failure.StandardError, ms);
    }

    internal static ShellResult Failed(ShellStatus status, string detail) => new(status, -1, "", detail);
}
