using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Orchestrator.Configuration;
using Orchestrator.Core.Cycle;
using Orchestrator.Core.Decisions;
using Orchestrator.Simulation;
using Orchestrator.TestSupport;
using Orchestrator.Core.Options;
using Orchestrator.Logging;
using Orchestrator.Tests.RunPod;
using Orchestrator.Tests.Store;
using Xunit;

namespace Orchestrator.Tests.Observability;

/// <summary>
/// Known secrets fed through every path this build has (configuration problems, start-up, a cycle's
/// logs, exceptions and outcome details quoting a secret); the captured output is grepped for each.
/// The cycles run as the binary does: a fresh database, the loopback RunPod answering to the secret key.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SecretLeakTests(PostgresFixture postgres)
{
    private const string RunPodKey = "rpa_TESTKEY_9f8e7d6c5b4a3210";
    private const string ServiceKey = "eyJhbGciOiJIUzI1NiJ9.service-role-secret.sig";
    private const string AnonKey = "eyJhbGciOiJIUzI1NiJ9.anon-secret-value.sig";
    private const string DbPassword = "Pa55w0rd!Zq\"x";

    private static readonly (string, string)[] Secrets =
    [
        ("RUNPOD_API_KEY", RunPodKey),
        ("SUPABASE_SERVICE_ROLE_KEY", ServiceKey),
        ("SUPABASE_ANON_KEY", AnonKey),
        ("LOG_LEVEL", "DEBUG"),
    ];

    private static readonly string[] Needles = [RunPodKey, ServiceKey, AnonKey, DbPassword, Uri.EscapeDataString(DbPassword), "Pa55w0rd!Zq\\\"x"];

    private static void AssertNoSecret(string output)
    {
        foreach (var needle in Needles)
        {
            Assert.DoesNotContain(needle, output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("json", false)]
    [InlineData("text", false)]
    [InlineData("json", true)]
    public async Task A_cycle_and_its_startup_never_print_a_configured_secret(string format, bool jsonReport)
    {
        string[] args = jsonReport ? ["once", "--json"] : ["once"];
        var run = await CliRun.AgainstFakesAsync(postgres, new FakeRunPodState { ApiKey = RunPodKey }, args, [.. Secrets, ("LOG_FORMAT", format), ("REPLICATE_API_TOKEN", RunPodKey)]);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("CycleCompleted", run.All, StringComparison.Ordinal);
        Assert.Contains("REPLICATE_API_TOKEN", run.All, StringComparison.Ordinal);
        AssertNoSecret(run.All);
    }

    /// <summary>A configured database that refuses connections: the cycle fails closed and the password stays hidden.</summary>
    [Fact]
    public async Task A_failing_database_connection_never_prints_its_password()
    {
        var run = await CliRun.AgainstFakesAsync(postgres, new FakeRunPodState { ApiKey = RunPodKey }, ["once", "--json"],
            [.. Secrets, ("SUPABASE_DB_URL", $"postgresql://postgres:{Uri.EscapeDataString(DbPassword)}@127.0.0.1:1/postgres"), ("LOG_FORMAT", "json")]);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("CycleSkipped", run.All, StringComparison.Ordinal);
        AssertNoSecret(run.All);
    }

    [Fact]
    public async Task Configuration_problems_never_print_a_secret_even_one_pasted_into_the_wrong_variable()
    {
        var run = await CliRun.RunAsync(["once"], [.. Secrets, ("MIN_ACTIVE_GPUS", "x"), ("WORKER_NAME_PREFIX", RunPodKey + "!")]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("WORKER_NAME_PREFIX", run.Error, StringComparison.Ordinal);
        AssertNoSecret(run.All);
        // Registration-time settings are checked once the base configuration is valid.
        run = await CliRun.RunAsync(["once"], [.. Secrets, ("HEALTH_BIND_ADDRESS", ServiceKey), ("HEALTH_PORT", AnonKey)]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("HEALTH_BIND_ADDRESS", run.Error, StringComparison.Ordinal);
        Assert.Contains("HEALTH_PORT", run.Error, StringComparison.Ordinal);
        AssertNoSecret(run.All);
    }

    [Fact]
    public async Task Exceptions_and_outcome_details_quoting_a_secret_are_masked_in_the_log()
    {
        (string, string)[] settings = [.. Secrets, ("SUPABASE_DB_URL", $"postgresql://postgres:{Uri.EscapeDataString(DbPassword)}@db.example.invalid:5432/postgres")];
        var reader = new SettingsReader(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Item1, s.Item2))).Build());
        var config = OrchestratorConfig.Load(reader);
        var output = new StringWriter();
        using (var serilog = LoggingSetup.CreateSerilog(config.Logging, output, SecretRedactor.FromConfig(config)))
        using (var factory = LoggingSetup.CreateFactory(serilog))
        {
            var cloud = new LeakyCloud(new InMemoryGpuCloud(), $"{RunPodKey} db={DbPassword} svc={ServiceKey}") { FailList = true };
            var cycle = Cycle(cloud, factory.CreateLogger<ControlCycle>());
            Assert.False((await cycle.RunOnceAsync(false, CancellationToken.None)).Succeeded);
            cloud.FailList = false;
            Assert.Equal(0, (await cycle.RunOnceAsync(false, CancellationToken.None)).Spawned);
        }
        var text = output.ToString();
        Assert.Contains("\"event\":\"CycleSkipped\"", text, StringComparison.Ordinal);
        Assert.Contains("\"exception\":", text, StringComparison.Ordinal);
        Assert.Contains("\"event\":\"SpawnStopped\"", text, StringComparison.Ordinal);
        Assert.Contains("api_key=***", text, StringComparison.Ordinal);
        AssertNoSecret(text);
    }

    private static ControlCycle Cycle(LeakyCloud cloud, ILogger<ControlCycle> logger)
    {
        var scaling = new ScalingOptions { MinActive = 1, MaxActive = 2 };
        var (health, breaker, options) = (new HealthOptions(), new BreakerOptions(), new CycleOptions());
        var planner = new CyclePlanner(new ScalingPolicy(scaling), health, breaker, options);
        return new ControlCycle(new InMemoryFleetStore(new DemandOptions()), cloud, new ScriptedBootstrapper(), planner,
            new CycleSettings(options, health, breaker, scaling), TimeProvider.System, logger);
    }
}
