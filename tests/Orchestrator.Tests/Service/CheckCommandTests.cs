using Orchestrator.Cli;
using Orchestrator.Tests.Store;
using Orchestrator.Tests.RunPod;
using Xunit;
using Orchestrator.TestSupport;

namespace Orchestrator.Tests.Service;

/// <summary><c>check</c> and configuration validation with good and bad settings.</summary>
[Collection(PostgresCollection.Name)]
public sealed class CheckCommandTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Good_settings_pass_every_check_one_line_each()
    {
        await using var db = await postgres.CreateDatabaseAsync();

        await using var backend = await FakeBackend.StartAsync();
        var (exit, output, error) = await Cli.RunAsync(Cli.Settings(db.ConnectionString, backend), "check");

        Assert.True(exit == ExitCodes.Ok, output + error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["configuration", "store-choice", "database", "store", "wake-up", "gpu-cloud", "runpod-gpu-types", "runpod-network-volumes", "ssh-key"], lines.Select(l => l[5..].Split(':')[0]));
        Assert.All(lines, l => Assert.StartsWith("OK", l, StringComparison.Ordinal));
        Assert.Contains("wake-up trigger on tasks: installed", output, StringComparison.Ordinal);
    }

    /// <summary>
    /// A diagnosis tries each RunPod read twice, not the service's six attempts in a 30 s budget: a failing API fails its
    /// line with RunPod's own answer, and the next line is not reduced to "circuit open".
    /// </summary>
    [Fact]
    public async Task A_failing_RunPod_is_asked_twice_per_check_and_each_line_names_the_real_failure()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await using var backend = await FakeBackend.StartAsync();
        for (var i = 0; i < 10; i++)
        {
            backend.RunPod.State.Fail(new FakeFault(FakeFaultKind.ServerError));
        }

        var (exit, output, _) = await Cli.RunAsync(Cli.Settings(db.ConnectionString, backend), "check");

        Assert.Equal(ExitCodes.Failed, exit);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith("FAIL gpu-cloud:", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("FAIL runpod-gpu-types:", StringComparison.Ordinal));
        Assert.DoesNotContain("circuit open", output, StringComparison.Ordinal);
        Assert.Equal(4, backend.RunPod.State.Requests.Count);
    }

    [Fact]
    public async Task Unreachable_database_fails_with_exit_1_and_never_prints_the_password()
    {
        var url = $"postgresql://orchestrator:Sup3rSecretPw@127.0.0.1:{LoopbackPort.Free()}/postgres";

        await using var backend = await FakeBackend.StartAsync();
        var (exit, output, error) = await Cli.RunAsync(Cli.Settings(url, backend), "check");

        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Contains(output.Split('\n'), l => l.StartsWith("FAIL database:", StringComparison.Ordinal));
        Assert.Contains(output.Split('\n'), l => l.StartsWith("OK   configuration:", StringComparison.Ordinal));
        Assert.DoesNotContain("Sup3rSecretPw", output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Database_without_migrations_fails_naming_them()
    {
        await using var db = await postgres.CreateEmptyDatabaseAsync();

        await using var backend = await FakeBackend.StartAsync();
        var (exit, output, _) = await Cli.RunAsync(Cli.Settings(db.ConnectionString, backend), "check");

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
        await using var backend = await FakeBackend.StartAsync();
        var settings = Cli.Settings("postgresql://u:Sup3rSecretPw@127.0.0.1:1/db", backend);
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

    /// <summary>The in-memory backend left the service: an old dry-run setting is refused, never read as "real".</summary>
    [Theory]
    [InlineData("check")]
    [InlineData("once")]
    [InlineData("run")]
    public async Task The_removed_memory_backend_is_refused_with_exit_2_before_anything_is_called(string command)
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await using var backend = await FakeBackend.StartAsync();
        var settings = Cli.Settings(db.ConnectionString, backend);
        settings["ORCHESTRATOR_BACKEND"] = "memory";

        var (exit, output, error) = await Cli.RunAsync(settings, command);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Single(error.Split('\n'), l => l.Contains("ORCHESTRATOR_BACKEND: 'memory' is not supported", StringComparison.Ordinal));
        Assert.Equal("", output);
        Assert.Empty(backend.RunPod.State.Requests);
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM orchestrator_events"));
    }

}
