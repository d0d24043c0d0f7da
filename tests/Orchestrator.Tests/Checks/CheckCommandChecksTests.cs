using Orchestrator.Cli;
using Orchestrator.Tests.Rest;
using Orchestrator.Tests.RunPod;
using Orchestrator.Tests.Service;
using Orchestrator.Tests.Ssh;
using Orchestrator.Tests.Store;
using Xunit;
using Xunit.Abstractions;

namespace Orchestrator.Tests.Checks;

/// <summary><c>orchestrator check</c> end to end: the store choice, and the RunPod and SSH key checks with the real adapters.</summary>
[Collection(PostgresCollection.Name)]
public sealed class CheckCommandChecksTests(PostgresFixture postgres, ITestOutputHelper log) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("check-command-").FullName;

    [Fact]
    public async Task Check_prints_the_store_choice_for_a_database_url_with_the_password_masked()
    {
        await using var db = await postgres.CreateDatabaseAsync();

        await using var backend = await FakeBackend.StartAsync();
        var (exit, output, error) = await Service.Cli.RunAsync(Service.Cli.Settings(db.ConnectionString, backend), "check");

        Assert.True(exit == ExitCodes.Ok, output + error);
        var line = Assert.Single(Lines(output), l => l.StartsWith("OK   store-choice: ", StringComparison.Ordinal));
        Assert.StartsWith("OK   store-choice: postgres: SUPABASE_DB_URL ", line, StringComparison.Ordinal);
        Assert.Contains("direct SQL", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Store_choice_is_printed_even_when_the_database_is_unreachable_and_never_shows_the_password()
    {
        await using var backend = await FakeBackend.StartAsync();
        var (exit, output, error) = await Service.Cli.RunAsync(Service.Cli.Settings("postgresql://orchestrator:Sup3rSecretPw@127.0.0.1:1/postgres", backend), "check");

        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Contains(Lines(output), l => l.StartsWith("OK   store-choice: postgres: SUPABASE_DB_URL ", StringComparison.Ordinal) && l.Contains("127.0.0.1", StringComparison.Ordinal));
        Assert.DoesNotContain("Sup3rSecretPw", output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_prints_the_store_choice_for_supabase_rest_without_the_service_key()
    {
        await using var bed = await RestTestBed.StartAsync(postgres);
        var settings = new Dictionary<string, string?>
        {
            ["SUPABASE_URL"] = bed.Gateway.Url.ToString(),
            ["SUPABASE_SERVICE_ROLE_KEY"] = SupabaseGateway.ServiceKey,
            ["MIN_ACTIVE_GPUS"] = "0",
            ["LOG_LEVEL"] = "ERROR",
        };
        await using var backend = await FakeBackend.StartAsync();
        foreach (var (key, value) in backend.Settings(("SUPABASE_URL", null), ("SUPABASE_SERVICE_ROLE_KEY", null)))
        {
            settings[key] = value;
        }

        var (exit, output, error) = await Service.Cli.RunAsync(settings, "check");

        Assert.True(exit == ExitCodes.Ok, output + error);
        var line = Assert.Single(Lines(output), l => l.StartsWith("OK   store-choice: ", StringComparison.Ordinal));
        Assert.StartsWith($"OK   store-choice: supabase-rest: SUPABASE_URL {bed.Gateway.Url}", line, StringComparison.Ordinal);
        Assert.Contains("OK   store: SupabaseRestStore answered", output, StringComparison.Ordinal);
        Assert.DoesNotContain(SupabaseGateway.ServiceKey, output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Real_backend_with_good_settings_passes_every_check_one_line_each()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await using var runpod = await FakeRunPodServer.StartAsync();

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (exit, output, error) = await Service.Cli.RunAsync(RealSettings(db, runpod, runpod.State.ApiKey), "check");
        log.WriteLine($"check with the real adapters took {clock.ElapsedMilliseconds} ms:\n{output}");

        Assert.True(exit == ExitCodes.Ok, output + error);
        Assert.Equal(["configuration", "store-choice", "database", "store", "wake-up", "gpu-cloud", "runpod-gpu-types", "runpod-network-volumes", "ssh-key"],
            Lines(output).Select(l => l[5..].Split(':')[0]));
        Assert.All(Lines(output), l => Assert.StartsWith("OK", l, StringComparison.Ordinal));
        Assert.Contains("L40S = NVIDIA L40S: 0.860 $/h, stock Medium", output, StringComparison.Ordinal);
        Assert.Contains("in EU-RO-1", output, StringComparison.Ordinal);
        Assert.Contains("OK   ssh-key: RUNPOD_SSH_PRIVATE_KEY_PATH", output, StringComparison.Ordinal);
        Assert.DoesNotContain(runpod.State.ApiKey, output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Real_backend_with_a_wrong_key_and_an_unknown_type_exits_1_naming_them_without_printing_the_key()
    {
        const string wrong = "rp_wrong_key_0badc0ffee42";
        await using var db = await postgres.CreateDatabaseAsync();
        await using var runpod = await FakeRunPodServer.StartAsync();
        var settings = RealSettings(db, runpod, runpod.State.ApiKey);
        settings["RUNPOD_GPU_TYPE"] = "NVIDIA B200,L40S";

        var (exit, output, _) = await Service.Cli.RunAsync(settings, "check");
        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Contains(Lines(output), l => l.StartsWith("FAIL runpod-gpu-types: ", StringComparison.Ordinal) && l.Contains("'NVIDIA B200'", StringComparison.Ordinal));

        settings["RUNPOD_API_KEY"] = wrong;
        (exit, output, var error) = await Service.Cli.RunAsync(settings, "check");
        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Contains("FAIL runpod-network-volumes: RunPod refused the API key (RUNPOD_API_KEY)", output, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, output + error, StringComparison.Ordinal);
    }

    private Dictionary<string, string?> RealSettings(StoreTestDatabase db, FakeRunPodServer runpod, string key)
    {
        var keyPath = Path.Combine(_dir, "id_ed25519");
        if (!File.Exists(keyPath))
        {
            File.Copy(TestKeys.ClientKeyPath, keyPath);
        }
        return new Dictionary<string, string?>
        {
            ["SUPABASE_DB_URL"] = db.ConnectionString,
            ["SUPABASE_URL"] = "https://proj.supabase.co",
            ["SUPABASE_SERVICE_ROLE_KEY"] = RunPodHarness.ServiceKey,
            ["RUNPOD_API_KEY"] = key,
            ["RUNPOD_API_BASE_URL"] = runpod.GraphQlUrl.ToString(),
            ["RUNPOD_REST_BASE_URL"] = runpod.RestUrl.ToString(),
            ["RUNPOD_GPU_TYPE"] = "RTX 4090,L40S",
            ["RUNPOD_STORAGE_NAME"] = "Peter",
            ["RUNPOD_SSH_PRIVATE_KEY_PATH"] = keyPath,
            ["MIN_ACTIVE_GPUS"] = "0",
            ["LOG_LEVEL"] = "ERROR",
        };
    }

    private static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
