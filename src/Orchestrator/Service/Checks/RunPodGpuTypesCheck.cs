using System.Globalization;
using Orchestrator.Core.Ports;
using Orchestrator.RunPod;

namespace Orchestrator.Service.Checks;

/// <summary>
/// Every RUNPOD_GPU_TYPE entry (id or display name) resolves in RunPod's GPU catalog, through the catalog
/// and the matching placement uses; shows price and stock. An entry that matches nothing fails, named.
/// </summary>
public sealed class RunPodGpuTypesCheck(RunPodGpuCloud cloud, RunPodOptions options) : IStartupCheck
{
    public string Name => "runpod-gpu-types";

    public int Order => 21;

    public async Task<StartupCheckResult> RunAsync(CancellationToken cancellationToken)
    {
        RunPodCatalogSnapshot catalog;
        try
        {
            catalog = await cloud.Catalog.GetAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (CloudException ex) when (ex.Kind == ErrorKind.Auth)
        {
            return RunPodCheckErrors.KeyRefused(ex, options);
        }
        var missing = new List<string>();
        var found = new List<string>();
        foreach (var choice in options.GpuTypes)
        {
            if (PlacementPlanner.FindGpuType(catalog, choice.Name) is { } type)
            {
                found.Add(Describe(choice, type));
            }
            else
            {
                missing.Add($"'{choice.Name}'");
            }
        }
        return missing.Count > 0
            ? StartupCheckResult.Fail($"not a RunPod GPU type id or display name (RUNPOD_GPU_TYPE): {string.Join(", ", missing)}{(found.Count > 0 ? "; found: " + string.Join("; ", found) : "")}")
            : StartupCheckResult.Pass(string.Join("; ", found));
    }

    private string Describe(GpuChoice choice, GpuTypeInfo type)
    {
        var price = options.Spot ? type.MinimumBidPrice : type.OnDemandPrice;
        var label = string.Equals(choice.Name, type.Id, StringComparison.OrdinalIgnoreCase) ? type.Id : $"{choice.Name} = {type.Id}";
        var ceiling = choice.MaxPricePerHour is { } max && price is { } p && p > max
            ? string.Create(CultureInfo.InvariantCulture, $", above its ceiling {max:0.000} $/h (skipped while so)")
            : "";
        // With spot (true or mixed) both prices matter: spot creates pay the bid, the floor and every fallback pay on demand.
        var onDemand = options.Spot ? $" (minimum spot bid; {Price(type.OnDemandPrice)} $/h on demand)" : "";
        return string.Create(CultureInfo.InvariantCulture, $"{label}: {Price(price)} $/h{onDemand}, stock {type.StockStatus ?? "unknown"}{ceiling}");
    }

    private static string Price(decimal? price) => price is { } x ? x.ToString("0.000", CultureInfo.InvariantCulture) : "?";
}
