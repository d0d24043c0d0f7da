using Npgsql;

namespace Orchestrator.Service;

/// <summary>
/// Where the NOTIFY wake-up listens, and the test that it works. LISTEN goes to <c>SUPABASE_DB_LISTEN_URL</c>
/// when set (a direct or session-mode URL), else to the database URL. A transaction pooler (Supabase's pooler
/// on port 6543, PgBouncer in <c>pool_mode=transaction</c>) accepts LISTEN but gives the server connection to
/// other clients between transactions, so notifications never reach the listener: only a test NOTIFY can tell.
/// The test NOTIFY is sent through the database URL, as a queued task's trigger would, so a delivered one also
/// proves that both URLs reach the same database.
/// </summary>
public sealed class WakeUpConnection(NpgsqlDataSource main, NpgsqlDataSource? listen, string route) : IAsyncDisposable
{
    /// <summary>How long the test NOTIFY may take before the listener is declared "not delivered".</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Payloads of test notifications start with this; the listener does not read them as queued tasks.</summary>
    public const string ProbePrefix = "probe:";

    /// <summary>The fix named when the test NOTIFY does not arrive.</summary>
    public const string Fix = "set SUPABASE_DB_LISTEN_URL to a direct or session-mode URL (Supabase: the direct connection on port 5432, or the session pooler), which can carry LISTEN";

    public NpgsqlDataSource Listen => listen ?? main;

    /// <summary>Which URL carries LISTEN, by host and port only (never a password).</summary>
    public string Route => route;

    public static WakeUpConnection Create(NpgsqlDataSource main, string mainConnectionString, string? listenConnectionString)
    {
        if (listenConnectionString is null)
        {
            return new WakeUpConnection(main, null, $"the database URL ({Endpoint(mainConnectionString)})");
        }
#pragma warning disable CA2000 // the listen data source belongs to the WakeUpConnection, which disposes it
        var listen = Postgres.FleetDataSource.Create(listenConnectionString);
        return new WakeUpConnection(main, listen, $"SUPABASE_DB_LISTEN_URL ({Endpoint(listenConnectionString)})");
#pragma warning restore CA2000
    }

    /// <summary>
    /// Sends a test NOTIFY through the database URL and waits up to <see cref="ProbeTimeout"/> (sending included)
    /// for it on <paramref name="listening"/>, which has run LISTEN on <see cref="TaskQueueListener.Channel"/>.
    /// The caller closes <paramref name="listening"/> when this returns false (a cancelled wait may break it).
    /// </summary>
    public async Task<bool> ProbeAsync(NpgsqlConnection listening, CancellationToken cancellationToken)
    {
        var payload = ProbePrefix + Guid.NewGuid().ToString("N");
        var arrived = false;
        void OnNotification(object sender, NpgsqlNotificationEventArgs e) => arrived |= e.Payload == payload;
        listening.Notification += OnNotification;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(ProbeTimeout);
        try
        {
            await using (var notify = main.CreateCommand("SELECT pg_notify($1, $2)"))
            {
                notify.Parameters.AddWithValue(TaskQueueListener.Channel);
                notify.Parameters.AddWithValue(payload);
                await notify.ExecuteNonQueryAsync(deadline.Token).ConfigureAwait(false);
            }
            while (!arrived)
            {
                await listening.WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            return true;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return arrived; // the deadline, not a stop: whatever arrived by then
        }
        finally
        {
            listening.Notification -= OnNotification;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (listen is not null)
        {
            await listen.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static string Endpoint(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{builder.Host}:{builder.Port}";
    }
}
