using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Core.Ports;

namespace Orchestrator.Cli;

/// <summary><c>gpu-types [--community] [--json]</c>: RunPod's GPU types with memory, on-demand price, minimum bid and stock, over either API dialect.</summary>
public static class GpuTypesCommand
{
    public static async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        await using var session = RunPodCliSession.Start(context);
        if (session is null)
        {
            return ExitCodes.BadInput;
        }
        try
        {
            var types = await session.Cloud.Api.ListGpuTypesAsync(!context.Flag("--community"), cancellationToken).ConfigureAwait(false);
            if (context.Json)
            {
                var list = new JsonArray([.. types.OrderBy(t => t.Id, StringComparer.Ordinal).Select(t => new JsonObject
                {
                    ["id"] = t.Id, ["name"] = t.DisplayName, ["memory_gb"] = t.MemoryGb, ["price_per_hour"] = t.OnDemandPrice, ["minimum_bid"] = t.MinimumBidPrice, ["stock"] = t.StockStatus,
                })]);
                await context.Out.WriteLineAsync(list.ToJsonString()).ConfigureAwait(false);
                return ExitCodes.Ok;
            }
            await context.Out.WriteLineAsync($"{"ID",-36} {"NAME",-24} {"MEM GB",6} {"$/H",7} {"MIN BID",7} STOCK").ConfigureAwait(false);
            foreach (var t in types.OrderBy(t => t.OnDemandPrice ?? decimal.MaxValue).ThenBy(t => t.Id, StringComparer.Ordinal))
            {
                await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{t.Id,-36} {t.DisplayName,-24} {t.MemoryGb?.ToString(CultureInfo.InvariantCulture) ?? "-",6} {Price(t.OnDemandPrice),7} {Price(t.MinimumBidPrice),7} {t.StockStatus ?? "-"}")).ConfigureAwait(false);
            }
            return ExitCodes.Ok;
        }
        catch (OrchestratorException ex)
        {
            await context.Error.WriteLineAsync($"failed ({ex.Kind}): {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
    }

    private static string Price(decimal? price) => price?.ToString("0.000", CultureInfo.InvariantCulture) ?? "-";
}
