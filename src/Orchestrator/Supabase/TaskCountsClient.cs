using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Core.Domain;

namespace Orchestrator.Supabase;

/// <summary>
/// Reigh's <c>task-counts</c> edge function (<c>POST /functions/v1/task-counts</c>, body <c>{"run_type"}</c>):
/// <c>totals.queued_only</c> is the claimable count and <c>totals.active_only</c> the claimed work, as
/// the Python service read them. It has no raw Queued count and no age limit, so it is a report, not
/// the store's demand: the store's demand comes from <c>orchestrator_observe</c>.
/// </summary>
public sealed class TaskCountsClient(SupabaseHttp http)
{
    public const string Source = "task-counts";

    public async Task<DemandSignal> ReadAsync(string runType, CancellationToken cancellationToken)
    {
        var answer = await http.EdgeFunctionAsync(RestRpc.TaskCounts, new JsonObject { ["run_type"] = runType }, cancellationToken).ConfigureAwait(false);
        if (answer is not { ValueKind: JsonValueKind.Object } root || !root.TryGetProperty("totals", out var totals) || totals.ValueKind != JsonValueKind.Object)
        {
            throw RestErrors.Malformed(RestRpc.TaskCounts, "no 'totals' object");
        }
        var queuedOnly = Count(totals, "queued_only");
        var activeOnly = Count(totals, "active_only");
        return new DemandSignal(queuedOnly, queuedOnly, activeOnly, Source);
    }

    private static int Count(JsonElement totals, string name) =>
        totals.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var count) && count >= 0
            ? count
            : throw RestErrors.Malformed(RestRpc.TaskCounts, $"totals.{name} is not a count");
}
