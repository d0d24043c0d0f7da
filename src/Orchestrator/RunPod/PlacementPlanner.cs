namespace Orchestrator.RunPod;

/// <summary>
/// Pure: turns the configured ranking (GPU types with price ceilings, network volumes) and the catalog into
/// an ordered list of placements: GPU preference first, then volume (data center) preference.
/// Configuration that matches nothing is an error, not an empty list.
/// </summary>
public static class PlacementPlanner
{
    /// <param name="spot">Plan a spot create: priced by minimum bid, types whose minimum is above RUNPOD_BID_PER_GPU skipped.</param>
    public static PlacementPlan Plan(RunPodOptions options, RunPodCatalogSnapshot catalog, bool spot = false)
    {
        var skipped = new List<string>();
        var gpus = ResolveGpus(options, catalog, skipped, spot && options.Spot);
        if (gpus.Count == 0)
        {
            return new PlacementPlan([], skipped, $"no configured GPU type is usable (RUNPOD_GPU_TYPE): {string.Join("; ", skipped)}");
        }
        var (volumes, volumeError) = ResolveVolumes(options, catalog);
        if (volumeError is not null)
        {
            return new PlacementPlan([], skipped, volumeError);
        }
        var groups = gpus.SelectMany(g => volumes.Count == 0
                ? [new PlacementGroup(g.Id, g.Label, null, null, g.Price)]
                : volumes.Select(v => new PlacementGroup(g.Id, g.Label, v.Id, v.DataCenterId, g.Price)))
            .ToList();
        return new PlacementPlan(groups, skipped, null);
    }

    /// <summary>A configured GPU type (RUNPOD_GPU_TYPE entry) by id, else by display name, ignoring case; null when unknown.</summary>
    public static GpuTypeInfo? FindGpuType(RunPodCatalogSnapshot catalog, string name) =>
        catalog.GpuTypes.FirstOrDefault(t => string.Equals(t.Id, name, StringComparison.OrdinalIgnoreCase))
        ?? catalog.GpuTypes.FirstOrDefault(t => string.Equals(t.DisplayName, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>A RUNPOD_STORAGE_NAME entry: a volume by name, else by id; null when none matches.</summary>
    public static NetworkVolumeInfo? FindVolumeByName(RunPodCatalogSnapshot catalog, string name) =>
        catalog.Volumes.FirstOrDefault(v => v.Name == name) ?? catalog.Volumes.FirstOrDefault(v => v.Id == name);

    /// <summary>RUNPOD_NETWORK_VOLUME_ID: a volume by id; null when none matches.</summary>
    public static NetworkVolumeInfo? FindVolumeById(RunPodCatalogSnapshot catalog, string id) => catalog.Volumes.FirstOrDefault(v => v.Id == id);

    private static List<(string Id, string Label, decimal? Price)> ResolveGpus(RunPodOptions options, RunPodCatalogSnapshot catalog, List<string> skipped, bool spot)
    {
        var result = new List<(string, string, decimal?)>();
        foreach (var choice in options.GpuTypes)
        {
            var type = FindGpuType(catalog, choice.Name);
            if (type is null)
            {
                skipped.Add($"'{choice.Name}' is not a RunPod GPU type id or display name");
                continue;
            }
            var price = spot ? type.MinimumBidPrice : type.OnDemandPrice;
            if (choice.MaxPricePerHour is { } ceiling && price is { } p && p > ceiling)
            {
                skipped.Add($"{type.Id} costs {p}/h, above its ceiling {ceiling}/h");
                continue;
            }
            if (spot && options.BidPerGpu is { } bid && type.MinimumBidPrice is { } floor && bid < floor)
            {
                skipped.Add($"{type.Id} needs a bid of at least {floor}/h, RUNPOD_BID_PER_GPU is {bid}/h");
                continue;
            }
            result.Add((type.Id, type.DisplayName, price));
        }
        return result;
    }

    private static (List<NetworkVolumeInfo> Volumes, string? Error) ResolveVolumes(RunPodOptions options, RunPodCatalogSnapshot catalog)
    {
        var result = new List<NetworkVolumeInfo>();
        var missing = new List<string>();
        if (options.NetworkVolumeId is { } id)
        {
            AddOrMiss(FindVolumeById(catalog, id), $"id '{id}' (RUNPOD_NETWORK_VOLUME_ID)");
        }
        foreach (var name in options.StorageNames)
        {
            AddOrMiss(FindVolumeByName(catalog, name), $"'{name}' (RUNPOD_STORAGE_NAME)");
        }
        var configured = options.StorageNames.Count + (options.NetworkVolumeId is null ? 0 : 1);
        return configured > 0 && result.Count == 0
            ? (result, $"no configured network volume exists on this account: {string.Join(", ", missing)}")
            : (result, null);

        void AddOrMiss(NetworkVolumeInfo? volume, string label)
        {
            if (volume is null)
            {
                missing.Add(label);
            }
            else if (result.All(v => v.Id != volume.Id))
            {
                result.Add(volume);
            }
        }
    }
}
