using Npgsql;
using Orchestrator.Postgres;

namespace Orchestrator.TestSupport;

/// <summary>
/// A private PostgreSQL cluster for tests and the benchmark: <c>initdb</c> in a temporary directory,
/// trust authentication, listening on a free loopback port only (socket directory inside the temporary
/// directory), durability off. As root, the server binaries run as the <c>postgres</c> user through
/// <c>runuser</c>. Disposing stops the server and deletes the directory.
/// </summary>
public sealed class ThrowawayPostgres : IAsyncDisposable
{
    private readonly string _root;
    private readonly string _binDir;
    private readonly bool _asPostgresUser;

    private ThrowawayPostgres(string root, string binDir, bool asPostgresUser, int port)
    {
        _root = root;
        _binDir = binDir;
        _asPostgresUser = asPostgresUser;
        Port = port;
    }

    public int Port { get; }

    private string DataDir => Path.Combine(_root, "data");

    /// <summary>Connection string for <paramref name="database"/> as the superuser <c>postgres</c>.</summary>
    public string ConnectionString(string database = "postgres") =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database, Timeout = 30, CommandTimeout = 120 }.ConnectionString;

    /// <summary>Starts a cluster; tries a few ports in case another process takes the one picked.</summary>
    public static async Task<ThrowawayPostgres> StartAsync(CancellationToken cancellationToken = default)
    {
        var binDir = FindBinDir();
        var asPostgres = Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root";
        // As root, /tmp: the postgres user must be able to reach the directory (TMPDIR may be root-only).
        var root = Path.Combine(asPostgres ? "/tmp" : Path.GetTempPath(), $"orchestrator-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        try
        {
            if (asPostgres)
            {
                await PgProcess.RunAsync("chown", ["postgres:postgres", root], cancellationToken).ConfigureAwait(false);
            }
            var initdb = Path.Combine(binDir, "initdb");
            await PgProcess.RunAsync(initdb, ["-D", Path.Combine(root, "data"), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"], cancellationToken, asPostgres).ConfigureAwait(false);
            for (var attempt = 1; ; attempt++)
            {
                var server = new ThrowawayPostgres(root, binDir, asPostgres, LoopbackPort.Free());
                try
                {
                    await server.StartServerAsync(cancellationToken).ConfigureAwait(false);
                    return server;
                }
                catch (InvalidOperationException) when (attempt < 3)
                {
                    // The port was taken between picking and binding: pick another.
                }
            }
        }
        catch
        {
            TryDelete(root);
            throw;
        }
    }

    /// <summary>Creates an empty database (or a copy of <paramref name="template"/>).</summary>
    public async Task CreateDatabaseAsync(string name, string? template = null, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        var sql = template is null ? $"CREATE DATABASE \"{name}\"" : $"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"";
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task DropDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Loads the embedded Reigh schema and applies the service's migrations to <paramref name="database"/>.</summary>
    public async Task LoadSchemaAsync(string database, CancellationToken cancellationToken = default)
    {
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString(database));
        await using (var command = dataSource.CreateCommand(ReighSchema.Sql()))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await new SchemaMigrator(dataSource, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance).MigrateAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stops the server (<c>-m fast</c>: every client is disconnected at once, as in an outage); <see cref="RestartAsync"/>
    /// brings it back on the same port. Not <c>immediate</c>: with durability off (synchronous_commit) that would also
    /// lose transactions already committed, which a real outage does not.
    /// </summary>
    public Task StopAsync(CancellationToken cancellationToken = default) =>
        PgProcess.RunAsync(Path.Combine(_binDir, "pg_ctl"), ["-D", DataDir, "-m", "fast", "-w", "stop"], cancellationToken, _asPostgresUser);

    /// <summary>Starts the stopped server again with its data, on the same port.</summary>
    public Task RestartAsync(CancellationToken cancellationToken = default) => StartServerAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await PgProcess.RunAsync(Path.Combine(_binDir, "pg_ctl"), ["-D", DataDir, "-m", "immediate", "-w", "stop"], CancellationToken.None, _asPostgresUser).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Already stopped; the directory goes anyway.
        }
        TryDelete(_root);
    }

    private async Task StartServerAsync(CancellationToken cancellationToken)
    {
        var options = $"-p {Port} -k {_root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200";
        await PgProcess.RunAsync(Path.Combine(_binDir, "pg_ctl"), ["-D", DataDir, "-l", Path.Combine(_root, "server.log"), "-o", options, "-w", "-t", "60", "start"], cancellationToken, _asPostgresUser).ConfigureAwait(false);
    }

    private static string FindBinDir()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("PG_BIN") is { Length: > 0 } configured)
        {
            candidates.Add(configured);
        }
        candidates.Add("/usr/lib/postgresql/15/bin");
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql").OrderDescending(StringComparer.Ordinal).Select(d => Path.Combine(d, "bin")));
        }
        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
            ?? throw new InvalidOperationException("PostgreSQL server binaries not found (looked in PG_BIN and /usr/lib/postgresql/*/bin); run scripts/setup-test-deps.sh");
    }


    private static void TryDelete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
