using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Cli;
using Orchestrator.Core.Ports;
using Orchestrator.Serverless.Api;

namespace Orchestrator.Serverless.Commands;

/// <summary><c>serverless status|cancel &lt;id&gt;</c>, <c>serverless health</c>, <c>serverless purge-queue</c>. Exit 0 when RunPod answered.</summary>
public static class JobCommands
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Task<int> StatusAsync(CommandContext context, CancellationToken cancellationToken) =>
        WithJobAsync(context, (s, e, id, t) => s.Client.StatusAsync(e, id, t), cancellationToken);

    public static Task<int> CancelAsync(CommandContext context, CancellationToken cancellationToken) =>
        WithJobAsync(context, (s, e, id, t) => s.Client.CancelAsync(e, id, t), cancellationToken);

    public static Task<int> HealthAsync(CommandContext context, CancellationToken cancellationToken) =>
        WithEndpointAsync(context, 0, async (s, e, _, t) => JsonNode.Parse((await s.Client.HealthAsync(e, t).ConfigureAwait(false)).RawJson)!.ToJsonString(Indented), cancellationToken);

    public static Task<int> PurgeQueueAsync(CommandContext context, CancellationToken cancellationToken) =>
        WithEndpointAsync(context, 0, async (s, e, _, t) => (await s.Client.PurgeQueueAsync(e, t).ConfigureAwait(false)).ToJsonString(Indented), cancellationToken);

    private static Task<int> WithJobAsync(CommandContext context, Func<ServerlessSession, string, string, CancellationToken, Task<JobState>> call, CancellationToken cancellationToken) =>
        WithEndpointAsync(context, 1, async (s, e, id, t) =>
        {
            var state = await call(s, e, id!, t).ConfigureAwait(false);
            return context.Json ? Json(state).ToJsonString(Indented)
                : $"{state.Id} {state.Status}" + (state.Error is null ? "" : $": {state.Error}");
        }, cancellationToken);

    private static async Task<int> WithEndpointAsync(CommandContext context, int positionals,
        Func<ServerlessSession, string, string?, CancellationToken, Task<string>> call, CancellationToken cancellationToken)
    {
        var args = ParsedArguments.From(context);
        if (args.Positional.Count != positionals)
        {
            args.Problems.Add(positionals == 1 ? "exactly one job id is required" : $"unexpected argument(s): {string.Join(' ', args.Positional)}");
        }
        string? endpointId = null;
        await using var session = ServerlessSession.Start(context, (options, reader) =>
        {
            endpointId = ServerlessCommand.ResolveEndpoint(args, options, reader);
            args.Problems.ForEach(reader.Problem);
        });
        if (session is null || endpointId is null)
        {
            return ExitCodes.BadInput;
        }
        try
        {
            await context.Out.WriteLineAsync(await call(session, endpointId, args.Positional.Count > 0 ? args.Positional[0] : null, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            return ExitCodes.Ok;
        }
        catch (CloudException e)
        {
            await context.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
    }

    private static JsonObject Json(JobState state) => new()
    {
        ["id"] = state.Id,
        ["status"] = state.Status,
        ["error"] = state.Error,
        ["delay_ms"] = state.DelayTimeMs,
        ["execution_ms"] = state.ExecutionTimeMs,
        ["worker_id"] = state.WorkerId,
        ["output"] = state.Output?.DeepClone(),
    };
}
