using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Core.Domain;
using Orchestrator.Core.Options;
using Orchestrator.Core.Ports;
using Orchestrator.Hosting;

namespace Orchestrator.Cli;

/// <summary>
/// <c>status [--json] [--watch [--interval S] [--count N]]</c>: the fleet as the store sees it now: the kill
/// switch, demand, and every live worker with state, age, last heartbeat, current task, GPU and $/h. Reads only;
/// exit 1 when the store cannot answer. <c>--watch</c> redraws the view every interval until Ctrl-C (or N
/// times): in place on a terminal, as plain timestamped blocks (or one JSON document per line) otherwise.
/// </summary>
public static class StatusCommand
{
    public static async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var json = context.Flag("--json");
        await using var app = AppStartup.StartStoreOnly(context);
        if (app is null)
        {
            return ExitCodes.BadInput;
        }
        if (!context.Flag("--watch"))
        {
            return await ShowAsync(app.Services, context, json, cancellationToken).ConfigureAwait(false);
        }
        var interval = TimeSpan.FromSeconds(context.Value<double>("--interval"));
        var count = context.Value<int>("--count");
        var inPlace = !json && !Console.IsOutputRedirected && context.Out == Console.Out;
        for (var shown = 0; count == 0 || shown < count; shown++)
        {
            if (shown > 0)
            {
                try
                {
                    await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return ExitCodes.Ok; // Ctrl-C ends the watch
                }
            }
            if (inPlace)
            {
                await context.Out.WriteAsync("\u001b[H\u001b[2J").ConfigureAwait(false); // home and clear: redraw in place
            }
            else if (!json)
            {
                await context.Out.WriteLineAsync($"--- {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm:ss}Z").ConfigureAwait(false);
            }
            // A failed read is shown and the watch goes on: the store coming back is what an operator waits for.
            await ShowAsync(app.Services, context, json, cancellationToken).ConfigureAwait(false);
        }
        return ExitCodes.Ok;
    }

    private static async Task<int> ShowAsync(IServiceProvider services, CommandContext context, bool json, CancellationToken cancellationToken)
    {
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        StoreObservation observation;
        try
        {
            observation = await services.GetRequiredService<IFleetStore>().ObserveAsync(
                new ObservationRequest(now, [], services.GetRequiredService<BreakerOptions>().Window), cancellationToken).ConfigureAwait(false);
        }
        catch (OrchestratorException ex)
        {
            await context.Error.WriteLineAsync($"status unavailable ({ex.Kind}): {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
        var workers = observation.Workers.Where(w => w.State.IsLive()).OrderBy(w => w.CreatedAt).ToList();
        await context.Out.WriteAsync(json ? Json(observation, workers, now) : StatusTable.Render(observation, workers, now)).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    private static string Json(StoreObservation observation, List<WorkerView> workers, DateTimeOffset now)
    {
        var list = new JsonArray();
        foreach (var w in workers)
        {
            list.Add((JsonNode)new JsonObject
            {
                ["id"] = w.Id,
                ["state"] = w.State.ToDb(),
                ["state_since"] = w.StateSince.ToString("O", CultureInfo.InvariantCulture),
                ["age_sec"] = (long)(now - w.CreatedAt).TotalSeconds,
                ["last_heartbeat"] = w.LastHeartbeat?.ToString("O", CultureInfo.InvariantCulture),
                ["running_tasks"] = w.RunningTasks,
                ["current_task"] = w.OldestRunningTask is { } t ? new JsonObject { ["id"] = t.TaskId.ToString(), ["type"] = t.TaskType } : null,
                ["pod_id"] = w.PodId,
                ["gpu_type"] = w.GpuType,
                ["cost_per_hour"] = w.CostPerHour,
                ["reason"] = w.Reason,
            });
        }
        var d = observation.Demand;
        return new JsonObject
        {
            ["at"] = now.ToString("O", CultureInfo.InvariantCulture),
            ["paused"] = observation.Paused,
            ["demand"] = new JsonObject { ["queued"] = d.Queued, ["claimable"] = d.Claimable, ["running"] = d.Running, ["source"] = d.Source },
            ["workers"] = list,
            ["spend_per_hour"] = workers.Sum(w => w.CostPerHour ?? 0),
        }.ToJsonString() + Environment.NewLine;
    }
}
