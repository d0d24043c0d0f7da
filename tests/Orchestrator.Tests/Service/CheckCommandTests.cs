using Orchestrator.Cli;
using Orchestrator.Tests.Store;
using Xunit;

namespace Orchestrator.Tests.Service;

/// <summary><c>check</c> and configuration validation with good and bad settings.</summary>
[Collection(PostgresCollection.Name)]
public sealed class CheckCommandTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Good_settings_pass_every_check_one_line_each()
    {
        await using var db = await postgres.CreateDatabaseAsync();

        var (exit, output, error) = await Cli.RunAsync(Cli.Settings(db.ConnectionString), "check");

        Assert.True(exit == ExitCodes.Ok, output + error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["configuration", "store-choice", "database", "store", "gpu-cloud"], lines.Select(l => l[5..].Split(':')[0]));
        Assert.All(lines, l => Assert.StartsWith("OK", l, StringComparison.Ordinal));
        Assert.Contains("wake-up trigger on tasks: installed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreachable_database_fails_with_exit_1_and_never_prints_the_password()
    {
        var url = $"postgresql://orchestrator:Sup3rSecretPw@127.0.0.1:{ClosedPort()}/postgres";

        var (exit, output, error) = await Cli.RunAsync(Cli.Settings(url), "check");

        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Contains(output.Split('\n'), l => l.StartsWith("FAIL database:", StringComparison.Ordinal));
        Assert.Contains(output.Split('\n'), l => l.StartsWith("OK   configuration:", StringComparison.Ordinal));
        Assert.DoesNotContain("Sup3rSecretPw", output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Database_without_migrations_fails_naming_them()
    {
        await using var db = await postgres.CreateEmptyDatabaseAsync();

        var (exit, output, _) = await Cli.RunAsync(Cli.Settings(db.ConnectionString), "check");

        Assert.Equal(ExitCodes.Failed, exit);
        var line = Assert.Single(output.Split('\n'), l => l.StartsWith("FAIL database:", StringComparison.Ordinal));
        Assert.Contains("002_quartz.sql", line, StringComparison.Ordinal);
        Assert.Contains("run 'orchestrator migrate'", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("check")]
    [InlineData("run")]
    public async Task Bad_settings_exit_2_listing_every_problem(string command)
    {
        var settings = Cli.Settings("postgresql://u:Sup3rSecretPw@127.0.0.1:1/db");
        settings["MIN_ACTIVE_GPUS"] = "5";
        settings["MAX_ACTIVE_GPUS"] = "2";
        settings["SHUTDOWN_TIMEOUT_SEC"] = "soon";
        settings["ORCHESTRATOR_WAKE_ON_NOTIFY"] = "maybe";
        settings["ORCHESTRATOR_CLUSTER_CHECKIN_SEC"] = "0";

        var (exit, output, error) = await Cli.RunAsync(settings, command);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("MIN_ACTIVE_GPUS: 5 is above MAX_ACTIVE_GPUS 2", error, StringComparison.Ordinal);
        Assert.Contains("SHUTDOWN_TIMEOUT_SEC: 'soon'", error, StringComparison.Ordinal);
        Assert.Contains("ORCHESTRATOR_WAKE_ON_NOTIFY: 'maybe'", error, StringComparison.Ordinal);
        Assert.Contains("ORCHESTRATOR_CLUSTER_CHECKIN_SEC: '0'", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Sup3rSecretPw", output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_memory_backend_passes_without_a_database_check()
    {
        var (exit, output, _) = await Cli.RunAsync(new Dictionary<string, string?> { ["ORCHESTRATOR_BACKEND"] = "memory", ["LOG_LEVEL"] = "ERROR" }, "check");

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.DoesNotContain("database", output, StringComparison.Ordinal);
        Assert.Contains("OK   store: InMemoryFleetStore answered", output, StringComparison.Ordinal);
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
