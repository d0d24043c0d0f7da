using Orchestrator.Cli;
using Orchestrator.Configuration;

namespace Orchestrator.Serverless.Commands;

/// <summary>What the <c>serverless</c> subcommands share (their command line is declared in <see cref="Cli.CliTree"/>).</summary>
public static class ServerlessCommand
{
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
}
