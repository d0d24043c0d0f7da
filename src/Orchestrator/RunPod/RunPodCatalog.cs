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
            var gpus = await api.ListGpuTypesAsync(options.CloudType == "SECURE", cancellationToken).ConfigureAwait(false);
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

    /// <summary>Drops the cache, for example after a configuration error that may have been fixed on RunPod's side.</summary>
    public void Invalidate() => _cached = null;

    public void Dispose() => _gate.Dispose();
}
