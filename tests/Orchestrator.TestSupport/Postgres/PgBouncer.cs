using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Orchestrator.TestSupport;

/// <summary>
/// Debian's PgBouncer in front of a <see cref="ThrowawayPostgres"/>, in <c>pool_mode=transaction</c> by default:
/// Supabase's transaction pooler (port 6543) as the service meets it. Trust authentication, loopback only, a
/// small server pool, every database name passed through (<c>* =</c>). As root it runs as the <c>postgres</c>
/// user (PgBouncer refuses root). Installed by scripts/setup-test-deps.sh; disposing stops it.
/// </summary>
public sealed class PgBouncer : IAsyncDisposable
{
    public const string Binary = "/usr/sbin/pgbouncer";
    private readonly string _root;
    private readonly bool _asPostgresUser;

    private PgBouncer(string root, bool asPostgresUser, int port)
    {
        _root = root;
        _asPostgresUser = asPostgresUser;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Connection string for <paramref name="database"/> through the pooler, as <c>postgres</c>.</summary>
    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database, Timeout = 30, CommandTimeout = 120 }.ConnectionString;

    public static async Task<PgBouncer> StartAsync(ThrowawayPostgres server, string poolMode = "transaction", CancellationToken cancellationToken = default)
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"{Binary} not found: run scripts/setup-test-deps.sh (installs Debian's pgbouncer)");
        }
        var asPostgres = Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root";
        var root = Path.Combine(asPostgres ? "/tmp" : Path.GetTempPath(), $"orchestrator-pgbouncer-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        var port = LoopbackPort.Free();
        await File.WriteAllTextAsync(Path.Combine(root, "userlist.txt"), "\"postgres\" \"\"\n", cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(root, "pgbouncer.ini"), $"""
            [databases]
            * = host=127.0.0.1 port={server.Port}

            [pgbouncer]
            listen_addr = 127.0.0.1
            listen_port = {port}
            unix_socket_dir =
            auth_type = trust
            auth_file = {root}/userlist.txt
            pool_mode = {poolMode}
            default_pool_size = 4
            max_client_conn = 200
            ignore_startup_parameters = extra_float_digits,options
            logfile = {root}/pgbouncer.log
            pidfile = {root}/pgbouncer.pid
            """, cancellationToken).ConfigureAwait(false);
        if (asPostgres)
        {
            await PgProcess.RunAsync("chown", ["-R", "postgres:postgres", root], cancellationToken).ConfigureAwait(false);
        }
        var bouncer = new PgBouncer(root, asPostgres, port);
        await PgProcess.RunAsync(Binary, ["-d", Path.Combine(root, "pgbouncer.ini")], cancellationToken, asPostgres).ConfigureAwait(false);
        await bouncer.WaitUntilAcceptingAsync(cancellationToken).ConfigureAwait(false);
        return bouncer;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            var pid = (await File.ReadAllTextAsync(Path.Combine(_root, "pgbouncer.pid")).ConfigureAwait(false)).Trim();
            await PgProcess.RunAsync("kill", ["-INT", pid], CancellationToken.None, _asPostgresUser).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException)
        {
            // Not running (never started, or gone already): nothing to stop.
        }
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task WaitUntilAcceptingAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (SocketException) when (attempt < 100)
            {
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
        }
    }

}
