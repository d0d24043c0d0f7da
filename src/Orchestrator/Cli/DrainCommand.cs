using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orchestrator.Core.Domain;
using Orchestrator.Core.Options;
using Orchestrator.Core.Ports;
using Orchestrator.Hosting;
using Orchestrator.Service;

namespace Orchestrator.Cli;

/// <summary>
/// <c>drain --all | drain &lt;worker-id&gt;...</c>: moves workers to <c>draining</c> (reason
/// <c>operator-drain</c>) with a conditional store write; the next cycle terminates their pods and settles
/// their tasks. While the service is not paused it replaces drained capacity that demand still needs.
/// Exit 1 when a named worker is unknown or no longer drainable.
/// </summary>
public static class DrainCommand
{
    public static async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var ids = context.Positional();
        var all = context.Flag("--all");
        if (all == ids.Count > 0)
        {
            await context.ReportProblemsAsync("drain: nothing was read or done", [all ? "give either --all or worker ids, not both" : "give worker ids or --all"]).ConfigureAwait(false);
            return ExitCodes.BadInput;
        }
        await using var app = AppStartup.StartStoreOnly(context);
        if (app is null)
        {
            return ExitCodes.BadInput;
        }
        try
        {
            return await DrainAsync(app.Services, context, all ? null : ids, cancellationToken).ConfigureAwait(false);
        }
        catch (OrchestratorException ex)
        {
            await context.Error.WriteLineAsync($"drain failed ({ex.Kind}): {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
    }

    /// <param name="ids">Workers to drain; null for every drainable worker.</param>
    public static async Task<int> DrainAsync(IServiceProvider services, CommandContext context, IReadOnlyList<string>? ids, CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<IFleetStore>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Orchestrator.Operator");
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var observed = await store.ObserveAsync(new ObservationRequest(now, ids ?? [], services.GetRequiredService<BreakerOptions>().Window), cancellationToken).ConfigureAwait(false);
        var byId = observed.Workers.ToDictionary(w => w.Id, StringComparer.Ordinal);
        var targets = ids ?? observed.Workers.Where(w => w.State.IsCapacity()).Select(w => w.Id).ToList();
        var failures = 0;
        foreach (var id in targets)
        {
            var (ok, text) = byId.TryGetValue(id, out var worker)
                ? await DrainOneAsync(store, worker, now, logger, cancellationToken).ConfigureAwait(false)
                : (false, $"{id}: unknown worker");
            failures += ok ? 0 : 1;
            await context.Out.WriteLineAsync(text).ConfigureAwait(false);
        }
        if (targets.Count == 0)
        {
            await context.Out.WriteLineAsync("no worker to drain").ConfigureAwait(false);
        }
        return failures == 0 ? ExitCodes.Ok : ExitCodes.Failed;
    }

    private static async Task<(bool Ok, string Text)> DrainOneAsync(IFleetStore store, WorkerView worker, DateTimeOffset now, ILogger logger, CancellationToken cancellationToken)
    {
        if (!worker.State.IsCapacity())
        {
            return (false, $"{worker.Id}: {worker.State.ToDb()}, nothing to drain");
        }
        var applied = await store.ApplyAsync(new WorkerChange
        {
            WorkerId = worker.Id, From = worker.State, To = WorkerState.Draining, At = now, Reason = ReasonCodes.OperatorDrain,
        }, cancellationToken).ConfigureAwait(false);
        if (!applied)
        {
            return (false, $"{worker.Id}: its state moved on while draining; run status and retry");
        }
        ServiceLog.OperatorDrain(logger, worker.Id, $"was {worker.State.ToDb()}");
        return (true, $"{worker.Id}: draining (was {worker.State.ToDb()})");
    }
}
