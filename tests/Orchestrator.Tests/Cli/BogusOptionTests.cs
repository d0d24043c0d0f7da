using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;
using Orchestrator.Cli;
using Orchestrator.Tests.RunPod;
using Orchestrator.Tests.Store;
using Xunit;

namespace Orchestrator.Tests.Cli;

/// <summary>
/// A typo must never run the live path: every command of the tree, given a bogus option, exits 2 naming the
/// token, having read no configuration value, made no RunPod call and written no row, against the real test
/// database and the loopback RunPod fake that a correct command line would have used.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class BogusOptionTests(PostgresFixture postgres)
{
    /// <summary>Every command that runs something, as its words (for example "pods terminate").</summary>
    public static TheoryData<string> Commands() => [.. CommandPaths()];

    private static IEnumerable<string> CommandPaths() => Leaves(CliTree.Build(_ => (_, _) => Task.FromResult(0)), []);

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task A_bogus_option_exits_2_before_anything_is_read_or_called(string command)
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await using var runpod = await FakeRunPodServer.StartAsync();
        var settings = new SpyConfiguration(new Dictionary<string, string?>
        {
            ["SUPABASE_DB_URL"] = db.ConnectionString,
            ["RUNPOD_API_KEY"] = runpod.State.ApiKey,
            ["RUNPOD_API_BASE_URL"] = runpod.GraphQlUrl.ToString(),
            ["RUNPOD_REST_BASE_URL"] = runpod.RestUrl.ToString(),
            ["RUNPOD_SERVERLESS_BASE_URL"] = runpod.BaseUrl.ToString(),
            ["RUNPOD_ENDPOINT_ID"] = "endpoint1",
            ["MIN_ACTIVE_GPUS"] = "3",
        });
        var before = await RowsAsync(db);
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = await CommandRunner.RunAsync([.. command.Split(' '), "--dryrun"], output, error, settings);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("'--dryrun'", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(settings.Read);
        Assert.Empty(runpod.State.Requests);
        Assert.Equal(before, await RowsAsync(db));
    }

    [Fact]
    public async Task The_closest_option_is_suggested_and_an_option_before_its_command_is_refused()
    {
        var (exit, _, error) = await RunAsync("once", "--dryrun");
        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("did you mean '--dry-run'?", error, StringComparison.Ordinal);

        (exit, _, error) = await RunAsync("--dry-run", "once");
        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("must come after the command: orchestrator once --dry-run", error, StringComparison.Ordinal);

        (exit, _, error) = await RunAsync("pods", "lst");
        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("did you mean 'list'?", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Global_options_go_before_or_after_the_command()
    {
        var before = await RunAsync("--log-level", "error", "simulate", "--scenario", "steady", "--hours", "1", "--json");
        var after = await RunAsync("simulate", "--scenario", "steady", "--hours", "1", "--json", "--log-level", "error");
        Assert.Equal(ExitCodes.Ok, before.Exit);
        Assert.Equal(before.Out, after.Out);
    }

    [Theory]
    [InlineData("healthcheck", "--timeout", "1e400")]
    [InlineData("healthcheck", "--timeout", "NaN")]
    [InlineData("pods", "terminate", "p1", "--timeout", "0x10")]
    [InlineData("simulate", "--seed", "99999999999999999999")]
    [InlineData("bench-policy", "--seeds", "")]
    public async Task Bad_values_are_refused_by_the_parser_naming_the_option(params string[] args)
    {
        var settings = new SpyConfiguration([]);
        var error = new StringWriter();
        var exit = await CommandRunner.RunAsync(args, new StringWriter(), error, settings);
        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains(args.First(a => a.StartsWith("--", StringComparison.Ordinal)), error.ToString(), StringComparison.Ordinal);
        Assert.Empty(settings.Read);
    }

    [Fact]
    public async Task Every_command_has_help_that_exits_0_and_names_its_environment()
    {
        foreach (var command in CommandPaths())
        {
            var (exit, output, _) = await RunAsync([.. command.Split(' '), "--help"]);
            Assert.True(exit == ExitCodes.Ok, command);
            Assert.Contains("Usage:", output, StringComparison.Ordinal);
            if (!command.StartsWith("bench ", StringComparison.Ordinal) && command != "help")
            {
                Assert.True(output.Contains("Environment:", StringComparison.Ordinal), $"{command} --help names no environment variable");
            }
        }
    }

    [Fact]
    public async Task Json_mode_errors_are_json()
    {
        var (exit, output, _) = await RunAsync("status", "--json", "--bogus");
        Assert.Equal(ExitCodes.BadInput, exit);
        using var json = System.Text.Json.JsonDocument.Parse(output);
        Assert.False(json.RootElement.GetProperty("ok").GetBoolean());
        Assert.Equal(2, json.RootElement.GetProperty("exit_code").GetInt32());
        Assert.Contains("--bogus", json.RootElement.GetProperty("problems")[0].GetString(), StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Out, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await CommandRunner.RunAsync(args, output, error, new ConfigurationBuilder().Build());
        return (exit, output.ToString(), error.ToString());
    }

    private static async Task<string> RowsAsync(StoreTestDatabase db) =>
        await db.ScalarAsync<string>("""
            select concat_ws(',', (select count(*) from orchestrator_workers), (select count(*) from orchestrator_events),
                (select count(*) from tasks), (select count(*) from workers), (select paused::text from orchestrator_control limit 1))
            """);

    private static IEnumerable<string> Leaves(Command command, List<string> path)
    {
        foreach (var sub in command.Subcommands)
        {
            List<string> here = [.. path, sub.Name];
            if (sub.Action is not null)
            {
                yield return string.Join(' ', here);
            }
            foreach (var leaf in Leaves(sub, here))
            {
                yield return leaf;
            }
        }
    }

    /// <summary>A configuration that records every key read from it.</summary>
    private sealed class SpyConfiguration(Dictionary<string, string?> values) : IConfiguration
    {
        private readonly IConfiguration _inner = new ConfigurationBuilder().AddInMemoryCollection(values).Build();

        public List<string> Read { get; } = [];

        public string? this[string key]
        {
            get { Read.Add(key); return _inner[key]; }
            set => _inner[key] = value;
        }

        public IEnumerable<IConfigurationSection> GetChildren() { Read.Add("(children)"); return _inner.GetChildren(); }

        public IChangeToken GetReloadToken() => _inner.GetReloadToken();

        public IConfigurationSection GetSection(string key) { Read.Add(key); return _inner.GetSection(key); }
    }
}
