using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orchestrator.Observability;

namespace Orchestrator.Service;

/// <summary>
/// Holds one PostgreSQL connection with <c>LISTEN orchestrator_tasks</c> (the trigger of migration 003)
/// and turns each notification into a <see cref="CycleWakeUp"/> request. Requests are single-flight with
/// at most one queued behind, so a burst of inserts costs one or two scheduler calls. A lost connection
/// is reopened with backoff (polling still runs the cycle meanwhile), and a wake-up follows every
/// (re)connect because notifications sent while disconnected are lost. After every LISTEN a test NOTIFY
/// (<see cref="WakeUpConnection.ProbeAsync"/>) must arrive: when it does not (a transaction pooler), the
/// listener warns once, naming the fix, lets polling run the cycles and tests again every few minutes.
/// </summary>
public sealed class TaskQueueListener(WakeUpConnection connection, CycleWakeUp wakeUp, FleetMetrics metrics, ILogger<TaskQueueListener> logger) : BackgroundService
{
    public const string Channel = "orchestrator_tasks";
    private static readonly TimeSpan IdleCheck = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RetestAfter = TimeSpan.FromMinutes(5);

    private readonly Channel<string> _requests = System.Threading.Channels.Channel.CreateBounded<string>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    /// <summary>Notifications received since start (for tests and the benchmark).</summary>
    public int Notifications => _notifications;

    private int _notifications;
    private int _status = (int)WakeUpStatus.Starting;
    private bool _warned;

    /// <summary>Whether the last test NOTIFY arrived (for tests; the gauge <c>orchestrator_wakeup_listener_delivering</c> carries it).</summary>
    public WakeUpStatus Status => (WakeUpStatus)Volatile.Read(ref _status);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var forward = ForwardAsync(stoppingToken);
        var backoff = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(() => backoff = TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(false);
                await DelayAsync(RetestAfter, stoppingToken).ConfigureAwait(false); // not delivered: polling only, for now
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException or IOException)
            {
                SetStatus(WakeUpStatus.Disconnected);
                ServiceLog.ListenerLost(logger, ex.Message, (long)backoff.TotalMilliseconds);
                await DelayAsync(backoff, stoppingToken).ConfigureAwait(false);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
        _requests.Writer.TryComplete();
        await forward.ConfigureAwait(false);
    }

    /// <summary>Returns when the test NOTIFY did not arrive; otherwise listens until stopped or the connection fails.</summary>
    private async Task ListenAsync(Action connected, CancellationToken stoppingToken)
    {
        await using var listening = await connection.Listen.OpenConnectionAsync(stoppingToken).ConfigureAwait(false);
        listening.Notification += (_, e) =>
        {
            if (!e.Payload.StartsWith(WakeUpConnection.ProbePrefix, StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _notifications);
                _requests.Writer.TryWrite("task queued");
            }
        };
        await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", listening))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken).ConfigureAwait(false);
        }
        if (!await connection.ProbeAsync(listening, stoppingToken).ConfigureAwait(false))
        {
            NotDelivered();
            return;
        }
        SetStatus(WakeUpStatus.Delivered);
        ServiceLog.ListenerConnected(logger, Channel, connection.Route);
        connected();
        _requests.Writer.TryWrite("listener connected");
        while (!stoppingToken.IsCancellationRequested)
        {
            if (!await listening.WaitAsync(IdleCheck, stoppingToken).ConfigureAwait(false))
            {
                // Quiet for a while: prove the connection is alive (a dead peer would otherwise wait forever).
                await using var ping = new NpgsqlCommand("SELECT 1", listening);
                await ping.ExecuteScalarAsync(stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private void NotDelivered()
    {
        SetStatus(WakeUpStatus.NotDelivered);
        var timeoutMs = (long)WakeUpConnection.ProbeTimeout.TotalMilliseconds;
        if (!_warned)
        {
            _warned = true;
            ServiceLog.ListenerNotDelivered(logger, connection.Route, timeoutMs, WakeUpConnection.Fix);
        }
        else
        {
            ServiceLog.ListenerStillNotDelivered(logger, connection.Route, timeoutMs);
        }
    }

    private void SetStatus(WakeUpStatus status)
    {
        Volatile.Write(ref _status, (int)status);
        metrics.SetWakeUpListener(status == WakeUpStatus.Delivered);
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
