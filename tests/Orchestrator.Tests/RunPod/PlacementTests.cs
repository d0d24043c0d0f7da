using Orchestrator.Simulation;
using Orchestrator.TestSupport;
using Orchestrator.RunPod;
using Xunit;

namespace Orchestrator.Tests.RunPod;

/// <summary>Pure placement ranking and the decaying stockout back-off.</summary>
public sealed class PlacementTests
{
    private static readonly RunPodCatalogSnapshot Catalog = new(
        [new GpuTypeInfo("NVIDIA GeForce RTX 4090", "RTX 4090", 24, 0.69m, 0.35m, "High"), new GpuTypeInfo("NVIDIA L40S", "L40S", 48, 0.86m, 0.40m, "Low")],
        [new NetworkVolumeInfo("v1", "Peter", 500, "EU-RO-1"), new NetworkVolumeInfo("v2", "EU-NO-1", 100, "EU-NO-1")]);

    [Fact]
    public void Gpu_preference_comes_first_then_volume_and_names_resolve_by_display_name()
    {
        var options = new RunPodOptions { GpuTypes = [new("L40S", null), new("NVIDIA GeForce RTX 4090", null)], StorageNames = ["EU-NO-1", "Peter"] };

        var plan = PlacementPlanner.Plan(options, Catalog);

        Assert.Null(plan.Error);
        Assert.Equal(["NVIDIA L40S@EU-NO-1", "NVIDIA L40S@EU-RO-1", "NVIDIA GeForce RTX 4090@EU-NO-1", "NVIDIA GeForce RTX 4090@EU-RO-1"], plan.Groups.Select(g => g.Key));
    }

    [Fact]
    public void Price_ceilings_skip_expensive_types_and_unknown_types_are_an_error_only_when_nothing_is_left()
    {
        var capped = PlacementPlanner.Plan(new RunPodOptions { GpuTypes = [new("NVIDIA L40S", 0.80m), new("RTX 4090", 0.70m)] }, Catalog);
        Assert.Equal(["NVIDIA GeForce RTX 4090@any"], capped.Groups.Select(g => g.Key));
        Assert.Single(capped.Skipped);

        var unknown = PlacementPlanner.Plan(new RunPodOptions { GpuTypes = [new("H200 SXM", null)] }, Catalog);
        Assert.Contains("H200 SXM", unknown.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Backoff_doubles_per_stockout_clears_on_success_and_decays()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var backoff = new PlacementBackoff(TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), clock);

        Assert.Null(backoff.BackedOffUntil("a@x"));
        backoff.RecordStockout("a@x");
        Assert.Equal(DateTimeOffset.UnixEpoch.AddMinutes(2), backoff.BackedOffUntil("a@x"));
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Null(backoff.BackedOffUntil("a@x"));
        backoff.RecordStockout("a@x");
        Assert.Equal(clock.GetUtcNow().AddMinutes(4), backoff.BackedOffUntil("a@x"));
        backoff.RecordSuccess("a@x");
        Assert.Null(backoff.BackedOffUntil("a@x"));

        backoff.RecordStockout("b@y");
        backoff.RecordStockout("b@y");
        backoff.RecordStockout("b@y");
        Assert.Equal(clock.GetUtcNow().AddMinutes(8), backoff.BackedOffUntil("b@y"));
        clock.Advance(TimeSpan.FromMinutes(30));
        backoff.RecordStockout("b@y");
        Assert.Equal(clock.GetUtcNow().AddMinutes(2), backoff.BackedOffUntil("b@y"));
    }
}
