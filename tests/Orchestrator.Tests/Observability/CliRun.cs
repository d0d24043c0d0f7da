using Microsoft.Extensions.Configuration;
using Orchestrator.Cli;
using Orchestrator.Tests.RunPod;
using Orchestrator.Tests.Store;

namespace Orchestrator.Tests.Observability;

/// <summary>Runs a command in-process with the given settings and captures what it wrote to stdout and stderr.</summary>
internal sealed record CliRun(int ExitCode, string Out, string Error)
{
    public string All => Out + Error;

    public static async Task<CliRun> RunAsync(string[] args, params (string Key, string Value)[] settings)
    {
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CommandRunner.RunAsync(args, output, error, config);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    /// <summary>
    /// <paramref name="args"/> against a fresh database of <paramref name="postgres"/> and its own loopback RunPod
    /// (<paramref name="state"/>, for its API key), as the binary runs; <paramref name="settings"/> win.
    /// </summary>
    public static async Task<CliRun> AgainstFakesAsync(PostgresFixture postgres, FakeRunPodState? state, string[] args, params (string Key, string Value)[] settings)
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await using var backend = await FakeBackend.StartAsync(state);
        var merged = backend.Settings([("SUPABASE_DB_URL", db.ConnectionString), .. settings.Select(s => (s.Key, (string?)s.Value))]);
        return await RunAsync(args, [.. merged.Select(kv => (kv.Key, kv.Value!))]);
    }
}
