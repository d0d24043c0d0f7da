using System.Text.Json;
using Orchestrator.Cli;
using Orchestrator.Core.Ports;
using Orchestrator.Serverless.Results;

namespace Orchestrator.Serverless.Commands;

/// <summary>
/// <c>generate --payload p.json [--mode wizard|regular|schnell|poster] [--output dir]</c>: one request through the
/// pod-first router; prints the normalised result (route, request id, durations) as JSON. Exit 0 completed, 1 failed, 2 bad input.
/// </summary>
public static class GenerateCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var args = ParsedArguments.From(context);
        var request = RequestFile.Payload(args.Value("--payload"), args.Problems);
        var mode = args.Value("--mode") ?? "regular";
        if (!ServerlessOptions.Modes.Contains(mode))
        {
            args.Problems.Add($"--mode: '{mode}' is not one of {string.Join(", ", ServerlessOptions.Modes)}");
        }
        args.Problems.AddRange(args.Positional.Select(p => $"'{p}': unexpected argument"));
        await using var session = ServerlessSession.Start(context, (options, reader) =>
        {
            if (options.PodUrl is null && options.EndpointFor(mode) is null)
            {
                reader.Problem($"no route for mode '{mode}': set SB_SPOT_URL, {ServerlessOptions.ModeVariable(mode)} or RUNPOD_ENDPOINT_ID");
            }
            args.Problems.ForEach(reader.Problem);
        });
        if (session is null || request is null)
        {
            return ExitCodes.BadInput;
        }
        try
        {
            var result = await session.Router.RouteAsync(request, mode, cancellationToken).ConfigureAwait(false);
            var json = result.ToJson();
            var ok = result.Succeeded;
            if (ok && args.Value("--output") is { } folder)
            {
                var report = await session.Saver.SaveAsync(OutputImageExtractor.Extract(result.State.Output), folder, result.RequestId, cancellationToken).ConfigureAwait(false);
                json["saved"] = new System.Text.Json.Nodes.JsonArray([.. report.Saved.Select(p => System.Text.Json.Nodes.JsonValue.Create(p))]);
                ok = report.AllSaved;
            }
            await context.Out.WriteLineAsync(json.ToJsonString(Indented)).ConfigureAwait(false);
            return ok ? ExitCodes.Ok : ExitCodes.Failed;
        }
        catch (CloudException e)
        {
            await context.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
        catch (OperationCanceledException)
        {
            await context.Error.WriteLineAsync("stopped; a serverless job in flight was cancelled").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
    }
}
