using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Orchestrator.Service;

/// <summary>
/// Holds one PostgreSQL connection with <c>LISTEN orchestrator_tasks</c> (the trigger of migration 003)
/// and turns each notification into a <see cref="CycleWakeUp"/> request. Requests are single-flight with
/// at most one queued behind, so a burst of inserts costs one or two scheduler calls. A lost connection
/// is reopened with backoff (polling still runs the cycle meanwhile), and a wake-up follows every
/// (re)connect because notifications sent while disconnected are lost.
/// </summary>
public sealed class TaskQueueListener(NpgsqlDataSource dataSource, CycleWakeUp wakeUp, ILogger<TaskQueueListener> logger) : BackgroundService
{
    public const string Channel = "orchestrator_tasks";
    private static readonly TimeSpan IdleCheck = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly Channel<string> _requests = System.Threading.Channels.Channel.CreateBounded<string>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    /// <summary>Notifications received since start (for tests and the benchmark).</summary>
    public int Notifications => _notifications;

    private int _notifications;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var forward = ForwardAsync(stoppingToken);
        var backoff = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(() => backoff = TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException or IOException)
            {
                ServiceLog.ListenerLost(logger, ex.Message, (long)backoff.TotalMilliseconds);
                await DelayAsync(backoff, stoppingToken).ConfigureAwait(false);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
        _requests.Writer.TryComplete();
        await forward.ConfigureAwait(false);
    }

    private async Task ListenAsync(Action connected, CancellationToken stoppingToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(stoppingToken).ConfigureAwait(false);
        connection.Notification += (_, _) =>
        {
            Interlocked.Increment(ref _notifications);
            _requests.Writer.TryWrite("task queued");
        };
        await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken).ConfigureAwait(false);
        }
        ServiceLog.ListenerConnected(logger, Channel);
        connected();
        _requests.Writer.TryWrite("listener connected");
        while (!stoppingToken.IsCancellationRequested)
        {
            if (!await connection.WaitAsync(IdleCheck, stoppingToken).ConfigureAwait(false))
            {
                // Quiet for a while: prove the connection is alive (a dead peer would otherwise wait forever).
                await using var ping = new NpgsqlCommand("SELECT 1", connection);
                await ping.ExecuteScalarAsync(stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task ForwardAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var reason in _requests.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                await wakeUp.RequestAsync(reason, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private static async Task DelayAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
