using System.Net;
using System.Net.Sockets;
using Npgsql;
using Orchestrator.Cli;
using Orchestrator.Tests.RunPod;
using Orchestrator.Tests.Store;
using Xunit;
using Orchestrator.TestSupport;

namespace Orchestrator.Tests.Service;

/// <summary>
/// <c>run</c> started before its database answers (a container beside its database, a restart during a failover)
/// waits for it with one warning per attempt instead of exiting; past <c>DB_STARTUP_WAIT_SEC</c> it exits 1 with a
/// line naming the setting, and never prints the password.
/// </summary>
[Collection(PostgresCollection.Name)]
[Trait("Binary", "process")] // also run against the native executable by .ci/run
public sealed class DatabaseStartupWaitTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Run_waits_for_a_database_that_comes_up_and_then_runs_its_cycles()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await using var backend = await FakeBackend.StartAsync();
        var target = new NpgsqlConnectionStringBuilder(db.ConnectionString);
        using var forwarder = new LateForwarder(target.Host!, target.Port);
        target.Host = "127.0.0.1";
        target.Port = forwarder.Port;
        var environment = backend.Environment(("SUPABASE_DB_URL", target.ConnectionString), ("MIN_ACTIVE_GPUS", "0"), ("ORCHESTRATOR_POLL_SEC", "1"), ("DB_STARTUP_WAIT_SEC", "60"));
        await using var service = ServiceProcess.Start("late-db", environment);

        await ServiceNodes.WaitUntilAsync(() => service.Output.Contains("\"event\":\"DatabaseWaiting\"", StringComparison.Ordinal), TimeSpan.FromSeconds(60), "a wait warning");
        Assert.Empty(service.Cycles);
        forwarder.Open();
        await ServiceNodes.WaitUntilAsync(() => service.Cycles.Count > 0 || service.HasExited, TimeSpan.FromSeconds(60), "a cycle after the database came up");

        Assert.False(service.HasExited, service.Output);
        Assert.Contains("\"event_id\":5072", service.Output, StringComparison.Ordinal);
        Assert.Contains("DB_STARTUP_WAIT_SEC", service.Output, StringComparison.Ordinal);
        Assert.Equal(0, await service.TerminateAsync(TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public async Task Run_gives_up_after_DB_STARTUP_WAIT_SEC_with_exit_1_naming_it_and_no_password()
    {
        await using var backend = await FakeBackend.StartAsync();
        var settings = Cli.Settings($"postgresql://u:Sup3rSecretPw@127.0.0.1:{LoopbackPort.Free()}/db", backend);
        settings["DB_STARTUP_WAIT_SEC"] = "2";
        settings["LOG_LEVEL"] = "WARNING";

        var (exit, output, error) = await Cli.RunAsync(settings, "run");

        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Contains("DatabaseWaiting", output, StringComparison.Ordinal);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("after waiting 2 s (DB_STARTUP_WAIT_SEC)", line, StringComparison.Ordinal);
        Assert.Contains("cannot reach the database (ConnectionRefused)", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Sup3rSecretPw", output + error, StringComparison.Ordinal);
        Assert.Empty(backend.RunPod.State.Requests);
    }

    [Fact]
    public async Task With_a_wait_of_0_run_exits_1_at_once_without_waiting()
    {
        await using var backend = await FakeBackend.StartAsync();
        var settings = Cli.Settings($"postgresql://u:pw@127.0.0.1:{LoopbackPort.Free()}/db", backend);
        settings["DB_STARTUP_WAIT_SEC"] = "0";
        settings["LOG_LEVEL"] = "WARNING";

        var (exit, output, error) = await Cli.RunAsync(settings, "run");

        Assert.Equal(ExitCodes.Failed, exit);
        Assert.DoesNotContain("DatabaseWaiting", output, StringComparison.Ordinal);
        Assert.Contains("the database cannot be read (Store): migration check: cannot reach the database", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refused_credentials_are_not_waited_for()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await using var backend = await FakeBackend.StartAsync();
        var url = new NpgsqlConnectionStringBuilder(db.ConnectionString) { Username = "nobody_here" }.ConnectionString;
        var settings = Cli.Settings(url, backend);
        settings["LOG_LEVEL"] = "WARNING";

        var (exit, output, error) = await Cli.RunAsync(settings, "run");

        Assert.Equal(ExitCodes.Failed, exit);
        Assert.DoesNotContain("DatabaseWaiting", output, StringComparison.Ordinal);
        Assert.Contains("the database cannot be read", error, StringComparison.Ordinal);
    }


    /// <summary>A loopback port that refuses connections until <see cref="Open"/>, then forwards each to the database.</summary>
    private sealed class LateForwarder : IDisposable
    {
        private readonly string _host;
        private readonly int _port;
        private readonly CancellationTokenSource _stop = new();
        private TcpListener? _listener;

        public LateForwarder(string host, int port)
        {
            _host = host;
            _port = port;
            Port = LoopbackPort.Free();
        }

        public int Port { get; }

        public void Open()
        {
            _listener = new TcpListener(IPAddress.Loopback, Port);
            _listener.Start();
            _ = AcceptAsync(_listener);
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener?.Dispose();
            _stop.Dispose();
        }

        private async Task AcceptAsync(TcpListener listener)
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    return;
                }
                _ = PipeAsync(client);
            }
        }

        private async Task PipeAsync(TcpClient client)
        {
            using (client)
            using (var server = new TcpClient())
            {
                try
                {
                    await server.ConnectAsync(_host, _port, _stop.Token);
                    var up = client.GetStream().CopyToAsync(server.GetStream(), _stop.Token);
                    var down = server.GetStream().CopyToAsync(client.GetStream(), _stop.Token);
                    await Task.WhenAny(up, down);
                }
                catch (Exception ex) when (ex is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
                {
                }
            }
        }
    }
}
