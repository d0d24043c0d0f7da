using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Core.Domain;
using Orchestrator.Core.Ports;

namespace Orchestrator.Cli;

/// <summary>
/// <c>pods list</c>: our pods (name prefix) with status, age, $/h, SSH and the worker row's state when a store is configured.
/// <c>pods terminate &lt;pod id|worker id&gt; [--timeout SEC]</c>: terminates one of our pods and polls until it is gone.
/// </summary>
public static class PodsCommand
{
    public static Task<int> ListCommandAsync(CommandContext context, CancellationToken cancellationToken) =>
        WithSessionAsync(context, session => ListAsync(context, session, cancellationToken));

    public static Task<int> TerminateCommandAsync(CommandContext context, CancellationToken cancellationToken) =>
        WithSessionAsync(context, session => TerminateAsync(context, session, context.Positional()[0], cancellationToken));

    private static async Task<int> WithSessionAsync(CommandContext context, Func<RunPodCliSession, Task<int>> run)
    {
        await using var session = RunPodCliSession.Start(context);
        if (session is null)
        {
            return ExitCodes.BadInput;
        }
        try
        {
            return await run(session).ConfigureAwait(false);
        }
        catch (OrchestratorException ex)
        {
            await context.Error.WriteLineAsync($"failed ({ex.Kind}): {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
    }

    private static async Task<int> ListAsync(CommandContext context, RunPodCliSession session, CancellationToken cancellationToken)
    {
        var pods = await session.Cloud.ListPodsAsync(cancellationToken).ConfigureAwait(false);
        var rows = await WorkerStatesAsync(session, pods, cancellationToken).ConfigureAwait(false);
        var now = DateTimeOffset.UtcNow;
        if (context.Json)
        {
            var list = new JsonArray([.. pods.OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => new JsonObject
            {
                ["id"] = p.Id, ["name"] = p.Name, ["status"] = p.Status.ToString(), ["cost_per_hour"] = p.CostPerHour, ["gpu_type"] = p.GpuType, ["ssh"] = p.Ssh?.ToString(),
                ["worker_state"] = rows is null ? null : rows.TryGetValue(p.Name, out var state) ? state : "no-row",
            })]);
            await context.Out.WriteLineAsync(list.ToJsonString()).ConfigureAwait(false);
            return ExitCodes.Ok;
        }
        var o = context.Out;
        await o.WriteLineAsync($"{"POD",-16} {"NAME",-34} {"STATUS",-12} {"AGE",8} {"$/H",7} {"GPU",-26} {"SSH",-22} WORKER").ConfigureAwait(false);
        foreach (var pod in pods.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            var worker = rows is null ? "(no store)" : rows.TryGetValue(pod.Name, out var state) ? state : "NO ROW";
            await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{pod.Id,-16} {pod.Name,-34} {pod.Status,-12} {Age(pod, session.Cloud.NamePrefix, now),8} {pod.CostPerHour?.ToString("0.000", CultureInfo.InvariantCulture) ?? "-",7} {pod.GpuType ?? "-",-26} {pod.Ssh?.ToString() ?? "-",-22} {worker}")).ConfigureAwait(false);
        }
        var spend = pods.Where(p => !p.IsGone).Sum(p => p.CostPerHour ?? 0m);
        await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{pods.Count} pod(s), {spend:0.000} $/h")).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    private static async Task<Dictionary<string, string>?> WorkerStatesAsync(RunPodCliSession session, IReadOnlyList<PodInfo> pods, CancellationToken cancellationToken)
    {
        if (session.Store is null)
        {
            return null;
        }
        var observation = await session.Store.ObserveAsync(new ObservationRequest(DateTimeOffset.UtcNow, [.. pods.Select(p => p.Name)], TimeSpan.FromMinutes(1)), cancellationToken).ConfigureAwait(false);
        return observation.Workers.ToDictionary(w => w.Id, w => w.State.ToDb(), StringComparer.Ordinal);
    }

    private static string Age(PodInfo pod, string prefix, DateTimeOffset now)
    {
        TimeSpan? age = WorkerIds.TryParseCreatedAt(pod.Name, prefix, out var created) ? now - created
            : pod.UptimeSeconds is { } s ? TimeSpan.FromSeconds(s) : null;
        return age is not { } a ? "-" : a.TotalHours >= 1 ? $"{(int)a.TotalHours}h{a.Minutes:00}m" : $"{a.Minutes}m{a.Seconds:00}s";
    }

    private static async Task<int> TerminateAsync(CommandContext context, RunPodCliSession session, string target, CancellationToken cancellationToken)
    {
        var pods = await session.Cloud.ListPodsAsync(cancellationToken).ConfigureAwait(false);
        var pod = pods.FirstOrDefault(p => p.Id == target) ?? pods.FirstOrDefault(p => p.Name == target && !p.IsGone);
        if (pod is null)
        {
            await context.Error.WriteLineAsync($"no pod of ours (name prefix) has id or name '{target}'").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
        var timeout = TimeSpan.FromSeconds(context.Value<double>("--timeout"));
        var gone = await session.Cloud.TerminateAndConfirmAsync(pod.Id, timeout, TimeSpan.FromSeconds(3), cancellationToken).ConfigureAwait(false);
        await context.Out.WriteLineAsync(gone
            ? $"pod {pod.Id} ({pod.Name}) is gone; the next cycle closes its worker row"
            : $"pod {pod.Id} ({pod.Name}) still listed after {timeout.TotalSeconds:0}s; terminate was requested and the cycle retries it").ConfigureAwait(false);
        return gone ? ExitCodes.Ok : ExitCodes.Failed;
    }
}
