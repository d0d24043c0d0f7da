using Microsoft.Extensions.Logging;
using Orchestrator.Core.Ports;
using Renci.SshNet;

namespace Orchestrator.Ssh;

/// <summary>
/// The one connection to one pod, opened on first use and shared by every command after it (SSH channels run side by
/// side on it). Concurrent first uses wait for a single connect. A dropped connection is opened again on the next use.
/// </summary>
internal sealed class PodConnection(ShellTarget target, PodConnector connector, TimeProvider time, ILogger logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SshClient? _client;
    private long _lastUsed = time.GetTimestamp();
    private int _inUse;

    public ShellTarget Target => target;
    public bool Busy => Volatile.Read(ref _inUse) > 0;
    public TimeSpan IdleFor => time.GetElapsedTime(Interlocked.Read(ref _lastUsed));

    /// <summary>Marks the connection in use until the returned lease is disposed.</summary>
    public Lease Use()
    {
        Interlocked.Increment(ref _inUse);
        return new Lease(this);
    }

    public async Task<(SshClient? Client, ShellResult? Failure)> ConnectedAsync(CancellationToken cancellationToken)
    {
        if (_client is { IsConnected: true } ready)
        {
            return (ready, null);
        }
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_client is { IsConnected: true } raced)
            {
                return (raced, null);
            }
            Drop("the connection was lost");
            var (client, failure) = await connector.ConnectAsync(target, cancellationToken).ConfigureAwait(false);
            _client = client;
            return (client, failure);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Closes the connection if it is no longer usable (after a failed command).</summary>
    public void DropIfBroken(SshClient client)
    {
        if (!client.IsConnected && ReferenceEquals(Interlocked.CompareExchange(ref _client, null, client), client))
        {
            SshLog.ConnectionClosed(logger, target.PodId, "the connection broke");
            client.Dispose();
        }
    }

    private void Drop(string reason)
    {
        if (Interlocked.Exchange(ref _client, null) is { } old)
        {
            SshLog.ConnectionClosed(logger, target.PodId, reason);
            old.Dispose();
        }
    }

    public void Dispose()
    {
        Drop("closed by the service");
        _gate.Dispose();
    }

    internal readonly struct Lease(PodConnection owner) : IDisposable
    {
        public void Dispose()
        {
            Interlocked.Exchange(ref owner._lastUsed, owner.Time.GetTimestamp());
            Interlocked.Decrement(ref owner._inUse);
        }
    }

    private TimeProvider Time => time;
}
