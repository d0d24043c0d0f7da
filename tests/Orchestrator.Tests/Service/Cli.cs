using Microsoft.Extensions.Configuration;
using Orchestrator.Cli;
using Orchestrator.Tests.RunPod;

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

    /// <summary>
    /// Runs the command through the built binary (<see cref="ServiceProcess.StartInfo"/>: the dll, or the native executable
    /// ORCHESTRATOR_TEST_BINARY names) with the settings as environment variables; returns the exit code and both streams.
    /// </summary>
    public static async Task<(int Exit, string Out, string Error)> RunBinaryAsync(IDictionary<string, string?> settings, params string[] args)
    {
        var start = ServiceProcess.StartInfo(args);
        foreach (var (name, value) in settings)
        {
            if (value is not null)
            {
                start.Environment[name] = value;
            }
        }
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        return (process.ExitCode, await output, await error);
    }

    /// <summary>The database as the store, RunPod and SSH on <paramref name="backend"/>'s stand-ins.</summary>
    public static Dictionary<string, string?> Settings(string connectionString, FakeBackend backend) =>
        backend.Settings(("SUPABASE_DB_URL", connectionString), ("MIN_ACTIVE_GPUS", "0"), ("LOG_LEVEL", "ERROR"));
}
