using Microsoft.Extensions.Configuration;
using Orchestrator.Cli;

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
}
