using Microsoft.Extensions.Configuration;
using Orchestrator.Cli;
using Orchestrator.Configuration;
using Xunit;

namespace Orchestrator.Tests.Settings;

public sealed class ConfigurationTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void Legacy_names_are_read_with_their_old_meaning()
    {
        var reader = new SettingsReader(Config(("MIN_ACTIVE_GPUS", "1"), ("MAX_ACTIVE_GPUS", "7"), ("MACHINES_TO_KEEP_IDLE", "2"),
            ("GPU_IDLE_TIMEOUT_SEC", "300"), ("SPAWNING_TIMEOUT_SEC", "900"), ("ORCHESTRATOR_POLL_SEC", "15"), ("FAILURE_WINDOW_MINUTES", "10")));
        var config = OrchestratorConfig.Load(reader);
        Assert.Empty(reader.Problems);
        Assert.Equal(1, config.Scaling.MinActive);
        Assert.Equal(7, config.Scaling.MaxActive);
        Assert.Equal(2, config.Scaling.WarmBuffer);
        Assert.Equal(TimeSpan.FromSeconds(300), config.Scaling.IdleTimeout);
        Assert.Equal(TimeSpan.FromSeconds(900), config.Health.BootTimeout);
        Assert.Equal(TimeSpan.FromSeconds(15), config.Cycle.PollInterval);
        Assert.Equal(TimeSpan.FromMinutes(10), config.Breaker.Window);
    }

    [Fact]
    public void The_instance_type_is_the_first_gpu_type_without_its_price_ceiling()
    {
        var reader = new SettingsReader(Config(("RUNPOD_GPU_TYPE", "NVIDIA GeForce RTX 4090:0.80, NVIDIA L40S")));
        Assert.Equal("NVIDIA GeForce RTX 4090", OrchestratorConfig.Load(reader).Cycle.InstanceType);
    }

    [Fact]
    public void Dotnet_section_paths_work_too()
    {
        var reader = new SettingsReader(Config(("Orchestrator:Scaling:MinActive", "3")));
        Assert.Equal(3, OrchestratorConfig.Load(reader).Scaling.MinActive);
    }

    [Fact]
    public void Every_problem_is_listed_with_its_value()
    {
        var reader = new SettingsReader(Config(("MIN_ACTIVE_GPUS", "five"), ("MAX_ACTIVE_GPUS", "-2"), ("GPU_IDLE_TIMEOUT_SEC", "soon"),
            ("MAX_WORKER_FAILURE_RATE", "1.5"), ("SCALING_POLICY", "aggressive"), ("SUPABASE_URL", "ftp://x")));
        OrchestratorConfig.Load(reader);
        Assert.Equal(6, reader.Problems.Count);
        Assert.Contains(reader.Problems, p => p.Contains("MIN_ACTIVE_GPUS", StringComparison.Ordinal) && p.Contains("five", StringComparison.Ordinal));
        Assert.Contains(reader.Problems, p => p.Contains("SCALING_POLICY", StringComparison.Ordinal) && p.Contains("aggressive", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_bad_backend_is_one_problem_naming_its_value()
    {
        var error = new StringWriter();
        var code = await CommandRunner.RunAsync(["once", "--dry-run"], new StringWriter(), error, Config(("ORCHESTRATOR_BACKEND", "mmeory")));
        Assert.Equal(2, code);
        Assert.Single(error.ToString().Split('\n'), l => l.Contains("ORCHESTRATOR_BACKEND", StringComparison.Ordinal) && l.Contains("mmeory", StringComparison.Ordinal));
    }

    [Fact]
    public void A_url_carrying_credentials_is_refused_without_echoing_them()
    {
        var reader = new SettingsReader(Config(("SUPABASE_URL", "https://admin:s3cretpass@x.supabase.co")));
        OrchestratorConfig.Load(reader);
        var problem = Assert.Single(reader.Problems);
        Assert.StartsWith("SUPABASE_URL: the URL must not carry user info", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cretpass", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Cross_field_rules_are_checked()
    {
        var reader = new SettingsReader(Config(("MIN_ACTIVE_GPUS", "5"), ("MAX_ACTIVE_GPUS", "2")));
        OrchestratorConfig.Load(reader);
        Assert.Contains(reader.Problems, p => p.Contains("above MAX_ACTIVE_GPUS", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("postgresql://postgres.abc:s3cr%40t@aws-0-eu.pooler.supabase.com:6543/postgres?sslmode=require", "aws-0-eu.pooler.supabase.com", "6543", "s3cr@t")]
    [InlineData("postgres://u:pw9Z@localhost/db", "localhost", "5432", "pw9Z")]
    [InlineData("Host=127.0.0.1;Port=5433;Username=postgres;Password=pw;Database=reigh", "127.0.0.1", "5433", "pw")]
    public void Database_url_accepts_uri_and_key_value_forms(string value, string host, string port, string password)
    {
        Assert.True(DatabaseUrl.TryNormalize(value, out var cs, out _));
        var builder = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = cs };
        Assert.Equal(host, builder["host"]);
        Assert.Equal(port, builder["port"]);
        Assert.Equal(password, builder["password"]);
        Assert.DoesNotContain(password, DatabaseUrl.Masked(cs), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_configuration_exits_2_listing_problems_without_leaking_secrets()
    {
        var config = Config(("MIN_ACTIVE_GPUS", "x"), ("SUPABASE_DB_URL", "postgresql://u:hunter2@"), ("SUPABASE_SERVICE_ROLE_KEY", "sk-very-secret"));
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CommandRunner.RunAsync(["once", "--dry-run", "--json"], output, error, config);
        Assert.Equal(2, code);
        // --json: the problems are one JSON object on stdout.
        var json = System.Text.Json.Nodes.JsonNode.Parse(output.ToString())!;
        Assert.False((bool)json["ok"]!);
        Assert.Equal(2, (int)json["exit_code"]!);
        var text = json["problems"]!.ToJsonString();
        Assert.Contains("MIN_ACTIVE_GPUS", text, StringComparison.Ordinal);
        Assert.Contains("SUPABASE_DB_URL", text, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", text + error, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-very-secret", text + error, StringComparison.Ordinal);
    }

    [Fact]
    public void Legacy_variables_that_do_nothing_are_reported_not_ignored_silently()
    {
        var reader = new SettingsReader(Config(("TASKS_PER_GPU_THRESHOLD", "3"), ("STORAGE_MIN_FREE_GB", "50")));
        var config = OrchestratorConfig.Load(reader);
        Assert.Equal(2, config.IgnoredLegacy.Count);
        Assert.Contains(config.IgnoredLegacy, l => l.StartsWith("TASKS_PER_GPU_THRESHOLD", StringComparison.Ordinal));
    }

    [Fact]
    public void Secrets_print_as_a_mask()
    {
        var secret = Secret.From("rpa_ABCDEF")!;
        Assert.Equal("***", secret.ToString());
        Assert.Equal("rpa_ABCDEF", secret.Reveal());
    }
}
