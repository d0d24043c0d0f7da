using Microsoft.Extensions.Configuration;
using Orchestrator.Cli;

namespace Orchestrator.Tests.Service;

/// <summary>Runs a CLI command in process with the given settings; returns the exit code and both streams.</summary>
public static class Cli
{
    public static async Task<(int Exit, string Out, string Error)> RunAsync(IDictionary<string, string?> settings, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var exit = await CommandRunner.RunAsync(args, output, error, configuration);
        return (exit, output.ToString(), error.ToString());
    }

    public static Dictionary<string, string?> Settings(string connectionString) => new()
    {
        ["SUPABASE_DB_URL"] = connectionString,
        ["ORCHESTRATOR_BACKEND"] = "memory", // RunPod and SSH in memory; the database is the real store
        ["MIN_ACTIVE_GPUS"] = "0",
        ["LOG_LEVEL"] = "ERROR",
    };
}
