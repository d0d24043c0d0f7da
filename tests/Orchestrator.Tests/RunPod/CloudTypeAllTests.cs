using Orchestrator.Core.Ports;
using Xunit;

namespace Orchestrator.Tests.RunPod;

/// <summary>
/// Issue 13: with RUNPOD_CLOUD_TYPE=ALL the GraphQL catalog was read with <c>secureCloud: false</c>, pricing every
/// GPU at community rates (under the spend cap's real exposure). ALL now prices each type at the higher of its
/// secure and community prices, since RunPod may place it on either.
/// </summary>
public sealed class CloudTypeAllTests
{
    [Fact]
    public async Task All_prices_each_gpu_at_the_higher_of_its_secure_and_community_prices()
    {
        await using var h = await RunPodHarness.StartAsync(rest: false);
        var cloud = h.NewCloud(o => o.CloudType = "ALL");

        var catalog = await cloud.Catalog.GetAsync(default);
        var pod = Assert.IsType<PodCreateOutcome.Created>(await cloud.CreatePodAsync(new PodRequest("gpu-20260104_170000-00000001"), default)).Pod;

        Assert.Equal(0.69m, catalog.GpuTypes.Single(g => g.Id == "NVIDIA GeForce RTX 4090").OnDemandPrice); // community is 0.55 in the fake
        var reads = h.Fake.Requests.Where(r => r.Operation == "gpu-types").Select(r => r.Body).ToList();
        Assert.Contains(reads, b => b.Contains("\"secureCloud\":true", StringComparison.Ordinal));
        Assert.Contains(reads, b => b.Contains("\"secureCloud\":false", StringComparison.Ordinal));
        Assert.Equal("ALL", Assert.Single(h.Fake.LivePods).Input["cloudType"]!.GetValue<string>());
        Assert.Equal(0.69m, pod.CostPerHour);
    }
}
