using Orchestrator.Core.Ports;
using Orchestrator.RunPod;

namespace Orchestrator.Service.Checks;

/// <summary>
/// Every RUNPOD_STORAGE_NAME and RUNPOD_NETWORK_VOLUME_ID names a network volume of the account, through
/// the catalog and the matching placement uses; shows its data center. One that matches nothing fails, named.
/// </summary>
public sealed class RunPodNetworkVolumesCheck(RunPodGpuCloud cloud, RunPodOptions options) : IStartupCheck
{
    public string Name => "runpod-network-volumes";

    public int Order => 22;

    public async Task<StartupCheckResult> RunAsync(CancellationToken cancellationToken)
    {
        var wanted = Wanted();
        if (wanted.Count == 0)
        {
            return StartupCheckResult.Pass("none configured (RUNPOD_STORAGE_NAME, RUNPOD_NETWORK_VOLUME_ID): pods may start in any data center");
        }
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
        foreach (var (label, byId, value) in wanted)
        {
            var volume = byId ? PlacementPlanner.FindVolumeById(catalog, value) : PlacementPlanner.FindVolumeByName(catalog, value);
            if (volume is null)
            {
                missing.Add(label);
            }
            else
            {
                found.Add($"{label} = {volume.Id} ('{volume.Name}'{(volume.SizeGb is { } gb ? $", {gb} GB" : "")}) in {volume.DataCenterId ?? "unknown data center"}");
            }
        }
        return missing.Count > 0
            ? StartupCheckResult.Fail($"no network volume of this account matches {string.Join(", ", missing)}{(found.Count > 0 ? "; found: " + string.Join("; ", found) : "")}")
            : StartupCheckResult.Pass(string.Join("; ", found));
    }

    private List<(string Label, bool ById, string Value)> Wanted()
    {
        var wanted = new List<(string, bool, string)>();
        if (options.NetworkVolumeId is { } id)
        {
            wanted.Add(($"RUNPOD_NETWORK_VOLUME_ID '{id}'", true, id));
        }
        wanted.AddRange(options.StorageNames.Select(n => ($"RUNPOD_STORAGE_NAME '{n}'", false, n)));
        return wanted;
    }
}
