using System.Text;
using System.Text.Json;
using Orchestrator.Core.Ports;
using Orchestrator.Observability;
using Orchestrator.Tests.RunPod;
using Xunit;

namespace Orchestrator.Tests.Observability;

/// <summary>The placement back-offs the status page lists: which GPU type and data center, until when, and RunPod's refusal, against the strict REST fake.</summary>
public sealed class StatusPageBackoffTests : IAsyncLifetime
{
    private RunPodHarness _h = null!;

    public async Task InitializeAsync() => _h = await RunPodHarness.StartAsync(rest: true);

    public async Task DisposeAsync()
    {
        _h.AssertNoSecretsLeaked();
        await _h.DisposeAsync();
    }

    [Fact]
    public async Task StatusPage_backoffs_name_the_placement_until_when_and_why_and_end_when_it_is_retried()
    {
        _h.Fake.CapacityGpuTypes.UnionWith(["NVIDIA GeForce RTX 4090", "NVIDIA L40S"]);
        using var cloud = _h.NewCloud();
        Assert.IsType<PodCreateOutcome.NoCapacity>(await cloud.CreatePodAsync(new PodRequest("gpu-20260104_170000-00000001"), default));

        var json = Write(cloud.Backoff.Active(), _h.Clock.GetUtcNow());

        var l40s = json.EnumerateArray().Single(b => b.GetProperty("gpu_type").GetString() == "NVIDIA L40S" && b.GetProperty("data_center").GetString() == "EU-NO-1");
        Assert.Equal(120, l40s.GetProperty("retry_in_sec").GetInt64()); // RUNPOD_PLACEMENT_BACKOFF_SEC's default, first miss
        Assert.Equal(1, l40s.GetProperty("misses").GetInt32());
        Assert.Contains(FakeRunPodState.UnplaceableDetail, l40s.GetProperty("why").GetString(), StringComparison.Ordinal);
        Assert.All(json.EnumerateArray(), b => Assert.Contains("out of stock", b.GetProperty("why").GetString(), StringComparison.Ordinal));

        _h.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Empty(cloud.Backoff.Active());
    }

    private static JsonElement Write(IReadOnlyList<Orchestrator.RunPod.PlacementBackoffEntry> backoffs, DateTimeOffset now)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            StatusHistoryJson.WriteBackoffs(w, backoffs, now);
            w.WriteEndObject();
        }
        return JsonDocument.Parse(Encoding.UTF8.GetString(buffer.ToArray())).RootElement.GetProperty("placement_backoffs").Clone();
    }
}
