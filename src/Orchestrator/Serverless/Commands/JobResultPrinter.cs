using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Cli;
using Orchestrator.Serverless.Api;
using Orchestrator.Serverless.Results;

namespace Orchestrator.Serverless.Commands;

/// <summary>Saves a finished job's images and prints the result: paths (or one JSON document) on stdout, problems on stderr.</summary>
public static class JobResultPrinter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task<int> FinishAsync(CommandContext context, ServerlessSession session, JobOutcome outcome, string output, bool json, CancellationToken cancellationToken)
    {
        var job = outcome.Last;
        SaveReport? report = null;
        var failure = outcome.FailureReason;
        if (failure is null && job.Output is null)
        {
            failure = $"job {job.Id} is COMPLETED without output (the worker may have failed to post its result)";
        }
        if (failure is null)
        {
            var extracted = OutputImageExtractor.Extract(job.Output);
            report = await session.Saver.SaveAsync(extracted, output, SafeFileNames.Clean(job.Id, "job").Stem, cancellationToken).ConfigureAwait(false);
            failure = report.OutputError is { } error ? $"the output reports an error: {error}"
                : report.Failed.Count > 0 ? $"{report.Failed.Count} of {extracted.Count} image(s) could not be saved" : null;
        }
        await PrintAsync(context, outcome, report, failure, json).ConfigureAwait(false);
        return failure is null ? ExitCodes.Ok : ExitCodes.Failed;
    }

    private static async Task PrintAsync(CommandContext context, JobOutcome outcome, SaveReport? report, string? failure, bool json)
    {
        foreach (var warning in report?.Warnings ?? [])
        {
            await context.Error.WriteLineAsync($"warning: {warning}").ConfigureAwait(false);
        }
        foreach (var (index, reason) in report?.Failed ?? [])
        {
            await context.Error.WriteLineAsync($"image {index}: {reason}").ConfigureAwait(false);
        }
        if (report is { Saved.Count: 0, Failed.Count: 0, OutputError: null })
        {
            await context.Error.WriteLineAsync("warning: the job completed but its output holds no images").ConfigureAwait(false);
        }
        if (failure is not null)
        {
            await context.Error.WriteLineAsync($"FAILED: {failure}").ConfigureAwait(false);
        }
        if (json)
        {
            await context.Out.WriteLineAsync(Document(outcome, report, failure).ToJsonString(Indented)).ConfigureAwait(false);
            return;
        }
        foreach (var path in report?.Saved ?? [])
        {
            await context.Out.WriteLineAsync(path).ConfigureAwait(false);
        }
    }

    private static JsonObject Document(JobOutcome outcome, SaveReport? report, string? failure) => new()
    {
        ["id"] = outcome.Last.Id,
        ["endpoint_id"] = outcome.EndpointId,
        ["status"] = outcome.Last.Status,
        ["ok"] = failure is null,
        ["error"] = failure,
        ["cancelled_by_client"] = outcome.DeadlinePassed,
        ["polls"] = outcome.Polls,
        ["duration_ms"] = (long)outcome.Elapsed.TotalMilliseconds,
        ["delay_ms"] = outcome.Last.DelayTimeMs,
        ["execution_ms"] = outcome.Last.ExecutionTimeMs,
        ["saved"] = new JsonArray([.. (report?.Saved ?? []).Select(p => JsonValue.Create(p))]),
        ["failed"] = new JsonArray([.. (report?.Failed ?? []).Select(f => new JsonObject { ["index"] = f.Index, ["reason"] = f.Reason })]),
        ["warnings"] = new JsonArray([.. (report?.Warnings ?? []).Select(w => JsonValue.Create(w))]),
    };
}
