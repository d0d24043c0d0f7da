namespace Orchestrator.RunPod;

/// <summary>Caches GPU types and network volumes for <see cref="RunPodOptions.CatalogTtl"/>; one load at a time.</summary>
public sealed class RunPodCatalog(IRunPodApi api, RunPodOptions options, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private RunPodCatalogSnapshot? _cached;
    private DateTimeOffset _loadedAt;

    public async Task<RunPodCatalogSnapshot> GetAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_cached is not null && time.GetUtcNow() - _loadedAt < options.CatalogTtl)
            {
                return _cached;
            }
            var needVolumes = options.StorageNames.Count > 0 || options.NetworkVolumeId is not null;
            var gpus = await GpuTypesAsync(cancellationToken).ConfigureAwait(false);
            var volumes = needVolumes ? await api.ListNetworkVolumesAsync(cancellationToken).ConfigureAwait(false) : [];
            _cached = new RunPodCatalogSnapshot(gpus, volumes);
            _loadedAt = time.GetUtcNow();
            return _cached;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// The catalog priced for the configured cloud. <c>ALL</c> lets RunPod place on either, so each GPU type is
    /// priced at the higher of its secure and community prices (the spend cap must hold wherever it lands) and
    /// shown with the better stock; a pod's own <c>costPerHr</c> replaces the estimate once it exists.
    /// </summary>
    private async Task<IReadOnlyList<GpuTypeInfo>> GpuTypesAsync(CancellationToken cancellationToken)
    {
        if (options.CloudType != "ALL")
        {
            return await api.ListGpuTypesAsync(options.CloudType == "SECURE", cancellationToken).ConfigureAwait(false);
        }
        var secure = await api.ListGpuTypesAsync(true, cancellationToken).ConfigureAwait(false);
        var community = (await api.ListGpuTypesAsync(false, cancellationToken).ConfigureAwait(false)).ToDictionary(g => g.Id);
        return [.. secure.Select(s => community.TryGetValue(s.Id, out var c) ? Merge(s, c) : s)
            .Concat(community.Values.Where(c => secure.All(s => s.Id != c.Id)))];
    }

    private static GpuTypeInfo Merge(GpuTypeInfo secure, GpuTypeInfo community) => secure with
    {
        OnDemandPrice = Max(secure.OnDemandPrice, community.OnDemandPrice),
        MinimumBidPrice = Max(secure.MinimumBidPrice, community.MinimumBidPrice),
        StockStatus = StockRank(community.StockStatus) > StockRank(secure.StockStatus) ? community.StockStatus : secure.StockStatus,
    };

    private static decimal? Max(decimal? a, decimal? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);

    private static int StockRank(string? stock) => stock?.ToUpperInvariant() switch { "HIGH" => 3, "MEDIUM" => 2, "LOW" => 1, _ => 0 };

    /// <summary>Drops the cache, for example after a configuration error that may have been fixed on RunPod's side.</summary>
    public void Invalidate() => _cached = null;

    public void Dispose() => _gate.Dispose();
}
