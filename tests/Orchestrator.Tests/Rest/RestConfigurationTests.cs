using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orchestrator.Cli;
using Orchestrator.Configuration;
using Orchestrator.Core.Ports;
using Orchestrator.Hosting;
using Orchestrator.Postgres;
using Orchestrator.Supabase;
using Orchestrator.Tests.Store;
using Xunit;

namespace Orchestrator.Tests.Rest;

/// <summary>Store selection, the REST settings and their problems, and the key's absence from logs.</summary>
[Collection(PostgresCollection.Name)]
public sealed class RestConfigurationTests(PostgresFixture postgres)
{
    private const string Key = "sb_secret_config-test-key-0123456789";

    [Theory]
    [InlineData(true, true, StoreChoice.Postgres)]
    [InlineData(false, true, StoreChoice.SupabaseRest)]
    [InlineData(true, false, StoreChoice.Postgres)]
    [InlineData(false, false, StoreChoice.None)]
    public void The_database_url_wins_and_url_plus_key_selects_rest(bool database, bool rest, string expected)
    {
        var settings = new Dictionary<string, string?>();
        if (database)
        {
            settings["SUPABASE_DB_URL"] = "postgresql://postgres:pw-5ecret@db.example.supabase.co:5432/postgres";
        }
        if (rest)
        {
            settings["SUPABASE_URL"] = "https://project.supabase.co";
            settings["SUPABASE_SERVICE_ROLE_KEY"] = Key;
        }

        var choice = StoreChoice.For(SupabaseSettings.Read(new SettingsReader(Build(settings))));

        Assert.Equal(expected, choice.Store);
        Assert.DoesNotContain(Key, choice.Detail);
        Assert.DoesNotContain("pw-5ecret", choice.Detail);
    }

    [Fact]
    public async Task Url_and_key_alone_resolve_the_rest_store()
    {
        var reader = new SettingsReader(Build(new() { ["SUPABASE_URL"] = "https://project.supabase.co", ["SUPABASE_SERVICE_ROLE_KEY"] = Key, ["SUPABASE_HTTP_TIMEOUT_SEC"] = "4", ["RUNPOD_API_KEY"] = "rp_key_123456", ["RUNPOD_SSH_PRIVATE_KEY"] = "placeholder-key-text" }));
        var services = new ServiceCollection().AddLogging();

        services.AddOrchestrator(OrchestratorConfig.Load(reader), reader);
        await using var provider = services.BuildServiceProvider();

        Assert.Empty(reader.Problems);
        Assert.IsType<SupabaseRestStore>(provider.GetRequiredService<IFleetStore>());
        Assert.Equal(TimeSpan.FromSeconds(4), provider.GetRequiredService<SupabaseRestOptions>().RequestTimeout);
    }

    public static TheoryData<string, string?, string, string> BadSettings => new()
    {
        { "https://project.supabase.co", null, "SUPABASE_SERVICE_ROLE_KEY: SUPABASE_URL is set but the service key is not", "" },
        { "", Key, "SUPABASE_URL: SUPABASE_SERVICE_ROLE_KEY is set but the project URL is not", "" },
        { "https://project.supabase.co", Jwt("anon"), "SUPABASE_SERVICE_ROLE_KEY: this JWT has role 'anon'", "" },
        { "https://project.supabase.co", "sb_publishable_abc", "SUPABASE_SERVICE_ROLE_KEY: this is a publishable (public) key", "" },
        { "http://project.supabase.co", Key, "SUPABASE_URL: 'http://project.supabase.co/' is plain http", "" },
        { "https://project.supabase.co", Key, "SUPABASE_HTTP_TIMEOUT_SEC: 'soon' is not a number", "soon" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task Bad_rest_settings_stop_start_up_with_exit_2_naming_the_variable(string url, string? key, string problem, string timeout)
    {
        var error = new StringWriter();
        var settings = new Dictionary<string, string?> { ["SUPABASE_URL"] = url, ["SUPABASE_SERVICE_ROLE_KEY"] = key, ["SUPABASE_HTTP_TIMEOUT_SEC"] = timeout };

        var exit = await CommandRunner.RunAsync(["once", "--dry-run"], new StringWriter(), error, Build(settings));

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains(problem, error.ToString());
        if (key is not null)
        {
            Assert.DoesNotContain(key, error.ToString());
        }
    }

    [Fact]
    public async Task The_key_is_never_logged_even_when_calls_fail()
    {
        await using var bed = await RestTestBed.StartAsync(postgres);
        using var capture = new CapturingLoggerProvider();
        using var logs = LoggerFactory.Create(b => b.AddProvider(capture).SetMinimumLevel(LogLevel.Trace));
        var store = RestStores.Create(RestStores.Options(bed.Gateway.Url, retries: 1), logs: logs);
        await bed.Db.ExecuteAsync("DROP FUNCTION orchestrator_observe");

        await Assert.ThrowsAsync<StoreException>(() => RestTestBed.ObserveAsync(store));
        bed.Gateway.Faults.Enqueue(GatewayFault.ServerError());
        bed.Gateway.Faults.Enqueue(GatewayFault.Unauthorized());
        await Assert.ThrowsAsync<StoreException>(() => store.SetPausedAsync(true, "maintenance", DateTimeOffset.UtcNow, CancellationToken.None));
        await store.SetPausedAsync(false, null, DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.Contains(capture.Lines, l => l.Id.Id == 7003 && l.Text.Contains("orchestrator_observe", StringComparison.Ordinal));
        Assert.Contains(capture.Lines, l => l.Id.Id == 7002);
        Assert.Contains(capture.Lines, l => l.Id.Id == 7001 && l.Text.Contains("Auth", StringComparison.Ordinal));
        Assert.All(capture.Lines, l => Assert.DoesNotContain(SupabaseGateway.ServiceKey, l.Text));
    }

    [Fact]
    public void Migrate_print_includes_the_rest_functions_for_the_sql_editor()
    {
        var script = SchemaMigrator.Script();

        foreach (var function in RestRpc.Functions)
        {
            Assert.Contains($"CREATE OR REPLACE FUNCTION {function}(", script);
        }
        Assert.Contains("010_rest_rpc.sql", script);
    }

    private static IConfiguration Build(Dictionary<string, string?> settings) => new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

    private static string Jwt(string role)
    {
        static string Part(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return $"{Part("""{"alg":"HS256","typ":"JWT"}""")}.{Part($$"""{"iss":"supabase","role":"{{role}}"}""")}.c2lnbmF0dXJl";
    }
}
