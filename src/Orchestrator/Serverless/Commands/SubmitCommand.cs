using System.Text.Json.Nodes;
using Orchestrator.Cli;
using Orchestrator.Core.Ports;
using Orchestrator.Serverless.Api;
using Orchestrator.Serverless.Results;

namespace Orchestrator.Serverless.Commands;

/// <summary>
/// <c>serverless submit --workflow wf.json [--images f ...] [--images-dir d] [--output dir] [--timeout s]
/// [--poll-interval s] [--endpoint-id id] [--sync] [--json]</c>: submits a ComfyUI workflow with reference
/// images, waits (cancelling on timeout) and saves the images. Exit 0 all saved, 1 job failed/timed out or an
/// image could not be saved, 2 bad input.
/// </summary>
public static class SubmitCommand
{
    public static async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var args = ParsedArguments.From(context);
        var timeout = args.Seconds("--timeout");
        var interval = args.Seconds("--poll-interval");
        var request = RequestFile.Workflow(args.Value("--workflow"), args.Problems);
        var images = ReferenceImages.Collect(args.All("--images"), args.Value("--images-dir"), args.Problems);
        args.Problems.AddRange(args.Positional.Select(p => $"'{p}': unexpected argument"));
        string? endpointId = null;
        await using var session = ServerlessSession.Start(context, (options, reader) =>
        {
            endpointId = ServerlessCommand.ResolveEndpoint(args, options, reader);
            args.Problems.ForEach(reader.Problem);
        });
        if (session is null || request is null || endpointId is null)
        {
            return ExitCodes.BadInput;
        }
        if (images.Count > 0)
        {
            ((JsonObject)request["input"]!)["images"] = images;
        }
        var policy = new PollingPolicy(interval ?? session.Options.PollInterval, timeout ?? session.Options.MaxPollingDuration,
            timeout is null && interval is null ? session.Options.MaxPollingAttempts : null);
        var output = args.Value("--output") ?? "output";
        return await ExecuteAsync(context, session, endpointId, request, policy, args.Flag("--sync"), args.Flag("--json"), output, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<int> ExecuteAsync(CommandContext context, ServerlessSession session, string endpointId, JsonObject request,
        PollingPolicy policy, bool sync, bool json, string output, CancellationToken cancellationToken)
    {
        JobOutcome outcome;
        try
        {
            outcome = await session.Poller.RunAsync(endpointId, (budget, token) => sync
                    ? session.Client.RunSyncAsync(endpointId, request, budget < session.Options.SyncTimeout ? budget : session.Options.SyncTimeout, token)
                    : session.Client.RunAsync(endpointId, request, token),
                policy, (state, elapsed) => context.Error.WriteLine($"job {state.Id}: {state.Status} ({elapsed.TotalSeconds:0.0} s)"),
                cancellationToken).ConfigureAwait(false);
        }
        catch (CloudException e)
        {
            await context.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
        catch (OperationCanceledException)
        {
            await context.Error.WriteLineAsync("stopped; the job was cancelled").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
        return await JobResultPrinter.FinishAsync(context, session, outcome, output, json, cancellationToken).ConfigureAwait(false);
    }
}
