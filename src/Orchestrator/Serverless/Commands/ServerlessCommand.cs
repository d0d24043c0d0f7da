using Orchestrator.Cli;
using Orchestrator.Configuration;

namespace Orchestrator.Serverless.Commands;

/// <summary><c>serverless &lt;submit|status|cancel|health|purge-queue&gt; ...</c>: RunPod Serverless jobs, beside the control cycle.</summary>
public static class ServerlessCommand
{
    public const string Usage = "serverless <submit|status|cancel|health|purge-queue> ...  RunPod Serverless jobs (see docs/serverless.md)";

    public static Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var sub = context.Args.Count > 0 ? context.Args[0] : null;
        var rest = context with { Args = context.Args.Skip(1).ToList() };
        return sub switch
        {
            "submit" => SubmitCommand.RunAsync(rest, cancellationToken),
            "status" => JobCommands.StatusAsync(rest, cancellationToken),
            "cancel" => JobCommands.CancelAsync(rest, cancellationToken),
            "health" => JobCommands.HealthAsync(rest, cancellationToken),
            "purge-queue" => JobCommands.PurgeQueueAsync(rest, cancellationToken),
            _ => UsageAsync(context, sub),
        };
    }

    /// <summary>--endpoint-id, else RUNPOD_ENDPOINT_ID; a problem when neither is usable.</summary>
    internal static string? ResolveEndpoint(ParsedArguments args, ServerlessOptions options, SettingsReader reader)
    {
        if (args.Value("--endpoint-id") is { } given)
        {
            if (ServerlessOptions.EndpointIdIsValid(given))
            {
                return given;
            }
            reader.Problem($"--endpoint-id: '{given}' is not an endpoint id (letters, digits, '-' and '_' only)");
            return null;
        }
        if (options.EndpointId is null)
        {
            reader.Problem("RUNPOD_ENDPOINT_ID: missing (or pass --endpoint-id)");
        }
        return options.EndpointId;
    }

    private static async Task<int> UsageAsync(CommandContext context, string? sub)
    {
        if (sub is not null)
        {
            await context.Error.WriteLineAsync($"unknown serverless command '{sub}'").ConfigureAwait(false);
        }
        foreach (var line in new[]
        {
            SubmitCommand.Usage,
            "serverless status <job-id> [--endpoint-id id] [--json]",
            "serverless cancel <job-id> [--endpoint-id id] [--json]",
            "serverless health [--endpoint-id id]",
            "serverless purge-queue [--endpoint-id id]",
        })
        {
            await context.Error.WriteLineAsync("usage: orchestrator " + line).ConfigureAwait(false);
        }
        return ExitCodes.BadInput;
    }
}
