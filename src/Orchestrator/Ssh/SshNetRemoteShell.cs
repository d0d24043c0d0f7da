using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;
using Orchestrator.Core.Ports;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace Orchestrator.Ssh;

/// <summary>
/// <see cref="IRemoteShell"/> on SSH.NET: one connection per pod (<see cref="PodConnection"/>), reused by every command
/// and closed after <see cref="SshOptions.IdleClose"/> unused, when it breaks, or when the pod's endpoint changes. Host keys
/// are pinned per pod in the fleet store (<see cref="IHostKeyPins"/>), so every replica and restart checks the same key.
/// Standard input (the secrets) goes over the command's channel, never on a command line. The connect is bounded by
/// <see cref="SshOptions.ConnectTimeout"/>, each command by its timeout; the caller's token cancels either.
/// </summary>
public sealed class SshNetRemoteShell : IRemoteShell, IDisposable
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private readonly ConcurrentDictionary<string, PodConnection> _pods = new(StringComparer.Ordinal);
    private readonly SshOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<SshNetRemoteShell> _logger;
    private readonly PodConnector _connector;

    public SshNetRemoteShell(SshOptions options, SshPrivateKey key, IHostKeyPins pins, TimeProvider time, ILogger<SshNetRemoteShell> logger)
    {
        _options = options;
        _time = time;
        _logger = logger;
        _connector = new PodConnector(options, key, pins, time, Connections, logger);
    }

    /// <summary>Connections opened per pod so far.</summary>
    public SshConnectionCounts Connections { get; } = new();

    public async Task<ShellResult> RunAsync(ShellTarget target, string command, string? standardInput, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ValidateTarget(target);
        CloseIdle();
        var pod = ConnectionFor(target);
        using var lease = pod.Use();
        var (client, failure) = await pod.ConnectedAsync(cancellationToken).ConfigureAwait(false);
        if (client is null)
        {
            return failure!;
        }
        var clock = Stopwatch.StartNew();
        var result = await ExecuteAsync(client, command, standardInput, timeout, cancellationToken).ConfigureAwait(false);
        var ms = clock.ElapsedMilliseconds;
        switch (result.Status)
        {
            case ShellStatus.TimedOut:
                SshLog.TimedOut(_logger, target.PodId, target.Host, target.Port, ms);
                break;
            case ShellStatus.ConnectFailed:
                SshLog.ConnectFailed(_logger, target.PodId, target.Host, target.Port, result.Status.ToString(), result.StandardError, ms);
                break;
            default:
                SshLog.CommandCompleted(_logger, target.PodId, target.Host, target.Port, result.ExitCode, ms);
                break;
        }
        pod.DropIfBroken(client);
        return result;
    }

    /// <summary>
    /// Prefixed to a command that has no input: its standard input is /dev/null on the pod, so it never waits for input and
    /// the client never sends an end of input. That end is the one message a command that has already ended can race (the
    /// pod frees the channel as the end of input is on its way, and OpenSSH then drops the whole connection: "ieof packet
    /// referred to nonexistent channel"); a command with input still gets it, after its input.
    /// </summary>
    internal const string NoInput = "exec </dev/null\n";

    private static async Task<ShellResult> ExecuteAsync(SshClient client, string command, string? standardInput, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        using var ssh = client.CreateCommand(standardInput is null ? NoInput + command : command, Utf8);
        Task? run = null;
        Task<string>? stdout = null;
        Task<string>? stderr = null;
        try
        {
            // ExecuteAsync opens the channel and sends the exec request before it returns its task, blocking: on a
            // thread of its own (OwnThread), awaited before the input is written (the input stream needs the channel).
            var starting = OwnThread.Run(() => ssh.ExecuteAsync(limit.Token));
            run = starting.Unwrap();
            // Both outputs are drained as they arrive, each kept up to a bound: SshCommand.Result would hold all of it.
            stdout = BoundedOutput.ReadAsync(ssh.OutputStream, BoundedOutput.DefaultLimit);
            stderr = BoundedOutput.ReadAsync(ssh.ExtendedOutputStream, BoundedOutput.DefaultLimit);
            await starting.WaitAsync(limit.Token).ConfigureAwait(false);
            if (standardInput is not null)
            {
                await SendInputAsync(ssh, standardInput, limit.Token).ConfigureAwait(false);
            }
            await run.WaitAsync(limit.Token).ConfigureAwait(false);
            var output = await stdout.WaitAsync(limit.Token).ConfigureAwait(false);
            var error = await stderr.WaitAsync(limit.Token).ConfigureAwait(false);
            return new ShellResult(ShellStatus.Completed, ssh.ExitStatus ?? -1, output, error);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SshOperationTimeoutException && !cancellationToken.IsCancellationRequested)
        {
            Observe(run, stdout, stderr);
            return PodConnector.Failed(ShellStatus.TimedOut, $"the command did not finish within {timeout.TotalSeconds:0.#}s");
        }
        catch (Exception ex) when (ex is SshException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            Observe(run, stdout, stderr);
            cancellationToken.ThrowIfCancellationRequested();
            return PodConnector.Failed(ShellStatus.ConnectFailed, $"the connection failed during the command: {ex.Message}");
        }
    }

    /// <summary>
    /// Writes the input and closes it, so the command sees its end. A command can end before its input is opened (its
    /// channel is open once <c>ExecuteAsync</c> has started it, so a closed one means it ended): SSH.NET then refuses the
    /// stream, and the command's own result tells how it ended.
    /// </summary>
    private static async Task SendInputAsync(SshCommand ssh, string standardInput, CancellationToken cancellationToken)
    {
        Stream input;
        try
        {
            input = ssh.CreateInputStream();
        }
        catch (InvalidOperationException)
        {
            return;
        }
        await using (input.ConfigureAwait(false))
        {
            await input.WriteAsync(Utf8.GetBytes(standardInput), cancellationToken).ConfigureAwait(false);
        }
    }

    private static void Observe(params Task?[] tasks)
    {
        foreach (var task in tasks)
        {
            task?.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
    }

    private PodConnection ConnectionFor(ShellTarget target)
    {
        while (true)
        {
            var pod = _pods.GetOrAdd(target.PodId, _ => new PodConnection(target, _connector, _time, _logger));
            if (pod.Target == target)
            {
                return pod;
            }
            // Same pod id, new endpoint (RunPod moved the port mapping): the old connection goes.
            if (_pods.TryRemove(new KeyValuePair<string, PodConnection>(target.PodId, pod)))
            {
                pod.Dispose();
            }
        }
    }

    private void CloseIdle()
    {
        foreach (var (podId, pod) in _pods)
        {
            if (!pod.Busy && pod.IdleFor > _options.IdleClose && _pods.TryRemove(new KeyValuePair<string, PodConnection>(podId, pod)))
            {
                pod.Dispose();
            }
        }
    }

    private static void ValidateTarget(ShellTarget target)
    {
        if (string.IsNullOrEmpty(target.PodId) || target.PodId.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
        {
            throw new ArgumentException($"pod id '{target.PodId}' is not a plain name", nameof(target));
        }
        if (target.Port is < 1 or > 65535 || string.IsNullOrWhiteSpace(target.Host))
        {
            throw new ArgumentException($"endpoint {target.Host}:{target.Port} is not valid", nameof(target));
        }
    }

    public void Dispose()
    {
        foreach (var podId in _pods.Keys)
        {
            if (_pods.TryRemove(podId, out var pod))
            {
                pod.Dispose();
            }
        }
    }
}
