using Orchestrator.Configuration;
using Orchestrator.RunPod;
using Orchestrator.Service.Checks;
using Orchestrator.Tests.RunPod;
using Xunit;

namespace Orchestrator.Tests.Checks;

/// <summary><c>runpod-gpu-types</c> and <c>runpod-network-volumes</c> against the loopback fake RunPod.</summary>
public sealed class RunPodChecksTests
{
    [Fact]
    public async Task Good_settings_resolve_every_gpu_type_with_price_and_stock_and_every_volume_with_its_data_center()
    {
        await using var h = await RunPodHarness.StartAsync(rest: false);
        var cloud = h.NewCloud(o =>
        {
            o.GpuTypes = [new GpuChoice("RTX 4090", null), new GpuChoice("nvidia l40s", 0.5m)];
            o.NetworkVolumeId = "vol-cz1";
        });

        var types = await new RunPodGpuTypesCheck(cloud, h.Options).RunAsync(CancellationToken.None);
        var volumes = await new RunPodNetworkVolumesCheck(cloud, h.Options).RunAsync(CancellationToken.None);

        Assert.True(types.Passed, types.Detail);
        Assert.Contains("RTX 4090 = NVIDIA GeForce RTX 4090: 0.690 $/h, stock High", types.Detail, StringComparison.Ordinal);
        Assert.Contains("; NVIDIA L40S: 0.860 $/h, stock Medium, above its ceiling 0.500 $/h", types.Detail, StringComparison.Ordinal);
        Assert.True(volumes.Passed, volumes.Detail);
        Assert.Contains("RUNPOD_NETWORK_VOLUME_ID 'vol-cz1' = vol-cz1 ('EU-CZ-1', 200 GB) in EU-CZ-1", volumes.Detail, StringComparison.Ordinal);
        Assert.Contains("RUNPOD_STORAGE_NAME 'Peter' = vol-peter ('Peter', 500 GB) in EU-RO-1", volumes.Detail, StringComparison.Ordinal);
        Assert.Contains("RUNPOD_STORAGE_NAME 'EU-NO-1' = vol-no1", volumes.Detail, StringComparison.Ordinal);
        h.AssertNoSecretsLeaked();
    }

    [Fact]
    public async Task An_unknown_gpu_type_fails_naming_it_and_still_shows_the_others()
    {
        await using var h = await RunPodHarness.StartAsync(rest: false);
        var cloud = h.NewCloud(o => o.GpuTypes = [new GpuChoice("NVIDIA H100 80GB HBM3", null), new GpuChoice("RTX A6000", null)]);

        var result = await new RunPodGpuTypesCheck(cloud, h.Options).RunAsync(CancellationToken.None);

        Assert.False(result.Passed);
        Assert.Contains("(RUNPOD_GPU_TYPE): 'NVIDIA H100 80GB HBM3'", result.Detail, StringComparison.Ordinal);
        Assert.Contains("found: RTX A6000 = NVIDIA RTX A6000: 0.490 $/h, stock Low", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_volume_fails_naming_it_even_when_another_matches()
    {
        await using var h = await RunPodHarness.StartAsync(rest: false);
        var cloud = h.NewCloud(o =>
        {
            o.StorageNames = ["Peter", "Paul"];
            o.NetworkVolumeId = "vol-gone";
        });

        var result = await new RunPodNetworkVolumesCheck(cloud, h.Options).RunAsync(CancellationToken.None);

        Assert.False(result.Passed);
        Assert.Contains("matches RUNPOD_NETWORK_VOLUME_ID 'vol-gone', RUNPOD_STORAGE_NAME 'Paul'", result.Detail, StringComparison.Ordinal);
        Assert.Contains("found: RUNPOD_STORAGE_NAME 'Peter' = vol-peter", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_volume_configured_passes_without_asking_runpod()
    {
        await using var h = await RunPodHarness.StartAsync(rest: false);
        var cloud = h.NewCloud(o => o.StorageNames = []);

        var result = await new RunPodNetworkVolumesCheck(cloud, h.Options).RunAsync(CancellationToken.None);

        Assert.True(result.Passed);
        Assert.StartsWith("none configured", result.Detail, StringComparison.Ordinal);
        Assert.Empty(h.Fake.Requests);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_wrong_key_fails_saying_it_was_refused_without_printing_it(bool rest)
    {
        const string wrong = "rp_wrong_key_0badc0ffee42";
        await using var h = await RunPodHarness.StartAsync(rest);
        var cloud = h.NewCloud(o => o.ApiKey = new Secret(wrong));

        var volumes = await new RunPodNetworkVolumesCheck(cloud, h.Options).RunAsync(CancellationToken.None);
        var types = await new RunPodGpuTypesCheck(cloud, h.Options).RunAsync(CancellationToken.None);

        Assert.False(volumes.Passed);
        Assert.StartsWith("RunPod refused the API key (RUNPOD_API_KEY)", volumes.Detail, StringComparison.Ordinal);
        Assert.False(types.Passed);
        Assert.StartsWith("RunPod refused the API key (RUNPOD_API_KEY)", types.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, volumes.Detail + types.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(h.Fake.ApiKey, volumes.Detail + types.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rest_dialect_resolves_types_through_the_v2_catalog_and_volumes_too()
    {
        await using var h = await RunPodHarness.StartAsync(rest: true);
        var cloud = h.NewCloud();

        var types = await new RunPodGpuTypesCheck(cloud, h.Options).RunAsync(CancellationToken.None);
        var volumes = await new RunPodNetworkVolumesCheck(cloud, h.Options).RunAsync(CancellationToken.None);

        Assert.True(types.Passed, types.Detail);
        Assert.Contains("NVIDIA GeForce RTX 4090: 0.690 $/h", types.Detail, StringComparison.Ordinal);
        Assert.True(volumes.Passed, volumes.Detail);
        Assert.Contains("in EU-RO-1", volumes.Detail, StringComparison.Ordinal);
    }
}
