using System.Diagnostics;
using Orchestrator.Core.Ports;
using Xunit;
using Xunit.Abstractions;

namespace Orchestrator.Tests.RunPod;

/// <summary>Prints how long adapter calls take against the loopback fake; asserts only on results, never on time.</summary>
public sealed class RunPodBenchmarkTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Measure_create_list_and_a_full_fallback_walk(bool rest)
    {
        await using var h = await RunPodHarness.StartAsync(rest);
        var cloud = h.NewCloud();
        var clock = Stopwatch.StartNew();
        var each = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            var one = Stopwatch.StartNew();
            Assert.IsType<PodCreateOutcome.Created>(await cloud.CreatePodAsync(new PodRequest($"gpu-20260104_170000-{i:x8}"), default));
            each.Add(one.Elapsed.TotalMilliseconds);
        }
        var median = each.Skip(1).Order().ElementAt(9);
        output.WriteLine($"{(rest ? "rest" : "graphql")}: first create {each[0]:0} ms (JIT, catalog, connection), then median {median:0.0} ms");
        var create = clock.Elapsed;
        clock.Restart();
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(20, (await cloud.ListPodsAsync(default)).Count);
        }
        var list = clock.Elapsed;
        h.Fake.CapacityGpuTypes.UnionWith(["NVIDIA GeForce RTX 4090", "NVIDIA L40S"]);
        clock.Restart();
        Assert.IsType<PodCreateOutcome.NoCapacity>(await h.NewCloud().CreatePodAsync(new PodRequest("gpu-20260104_170000-ffffffff"), default));
        var walk = clock.Elapsed;
        output.WriteLine($"{(rest ? "rest" : "graphql")}: create (lookup + mutation) {create.TotalMilliseconds / 20:0.0} ms each; list of 20 pods {list.TotalMilliseconds / 20:0.0} ms; " +
            $"stockout walk of {h.Fake.CreateAttempts.Count - 20} attempts {walk.TotalMilliseconds:0} ms; HTTP requests total {h.Fake.Requests.Count}");
    }
}
