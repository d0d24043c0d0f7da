using System.Text.Json.Nodes;
using Orchestrator.Core.Decisions;
using Orchestrator.Core.Domain;
using Orchestrator.Core.Options;
using Orchestrator.Core.Ports;
using Orchestrator.Tests.RunPod;
using Xunit;

namespace Orchestrator.Tests.Spot;

/// <summary>Spot in the real control cycle against the fake RunPod (GraphQL) and the in-memory store.</summary>
public sealed class SpotCycleTests
{
    /// <summary>SpotFallback (warned once until spot works again) and SpotStillRefused (information).</summary>
    private const int FallbackWarning = 1105;
    private const int StillRefused = 1106;

    [Fact]
    public async Task Mixed_rents_the_floor_on_demand_and_the_burst_as_spot_at_the_bid()
    {
        await using var h = await RunPodHarness.StartAsync(rest: false);
        var store = SpotRig.Store(h, tasks: 5);

        await SpotRig.Cycle(h, store, new SpotOptions { Mode = SpotMode.Mixed }, minActive: 2).RunOnceAsync(false, default);

        var pods = h.Fake.LivePods;
        Assert.Equal(5, pods.Count);
        Assert.Equal(2, pods.Count(p => !p.Interruptible));
        Assert.All(pods.Where(p => p.Interruptible), p => Assert.Equal(SpotRig.Bid, FakeInput.Decimal(p.Input, "bidPerGpu")));
        Assert.All(pods.Where(p => !p.Interruptible), p => Assert.False(p.Input.ContainsKey("bidPerGpu")));
        Assert.All(store.Workers, w => Assert.Equal(h.Fake.LivePods.Single(p => p.Name == w.Id).Interruptible ? "True" : "False", w.Metadata["spot"]));
        h.AssertNoSecretsLeaked();
    }

    [Theory]
    [InlineData(100, true)] // interruptions below the threshold: the replacements are spot again
    [InlineData(3, false)]  // five interruptions in the hour, threshold 3: the replacements are on demand
    public async Task Interruptions_requeue_the_work_and_never_trip_the_breaker(int maxPerHour, bool replacementsSpot)
    {
        await using var h = await RunPodHarness.StartAsync(rest: false);
        var store = SpotRig.Store(h, tasks: 5);
        var cycle = SpotRig.Cycle(h, store, new SpotOptions { Mode = SpotMode.Always, MaxInterruptionsPerHour = maxPerHour });
        await cycle.RunOnceAsync(false, default);
        var first = h.Fake.LivePods.ToList();
        Assert.Equal(5, first.Count(p => p.Interruptible));
        await SpotRig.StepAsync(h, cycle, h.Fake.BootDelay); // pods run: bootstrapped
        foreach (var pod in first)
        {
            h.Fake.Interrupt(pod.Id);
        }

        var interrupted = await SpotRig.StepAsync(h, cycle);
        var after = await SpotRig.StepAsync(h, cycle);

        Assert.All(first, p => Assert.True(h.Fake.Find(p.Id) is null or { Terminated: true }, $"{p.Id} still billing"));
        Assert.Equal(BreakerStatus.Closed, interrupted.Plan!.Breaker.Status);
        Assert.Equal(BreakerStatus.Closed, after.Plan!.Breaker.Status);
        Assert.All(store.Workers.Where(w => first.Any(p => p.Name == w.Id)), w =>
            Assert.Equal((WorkerState.Terminated, ReasonCodes.SpotInterrupted), (w.State, w.Reason)));
        Assert.DoesNotContain(store.Workers.SelectMany(w => w.Outcomes), o => o.Kind is OutcomeKind.BootFailed or OutcomeKind.HealthFailed);
        var replacements = h.Fake.LivePods.Where(p => first.All(f => f.Id != p.Id)).ToList();
        Assert.Equal(5, replacements.Count);
        Assert.All(replacements, p => Assert.Equal(replacementsSpot, p.Interruptible));
    }

    [Fact]
    public async Task No_spot_stock_falls_back_to_on_demand_with_one_warning_and_an_audit_event()
    {
        await using var h = await RunPodHarness.StartAsync(rest: false);
        h.Fake.NoSpotStock.UnionWith(h.Fake.GpuTypes.Select(g => g.Id));
        var store = SpotRig.Store(h, tasks: 3);
        var cycle = SpotRig.Cycle(h, store, new SpotOptions { Mode = SpotMode.Always, FallbackFor = TimeSpan.FromMinutes(2) });

        await cycle.RunOnceAsync(false, default);
        var spotCallsFirstCycle = SpotRig.SpotCreateCalls(h);
        SpotRig.AddTasks(h, store, 2);
        await SpotRig.StepAsync(h, cycle);                              // within the fallback: spot not even asked for
        var spotCallsSecondCycle = SpotRig.SpotCreateCalls(h) - spotCallsFirstCycle;
        SpotRig.AddTasks(h, store, 2);
        await SpotRig.StepAsync(h, cycle, TimeSpan.FromMinutes(3));     // fallback over: spot tried again, refused again

        Assert.Equal(7, h.Fake.LivePods.Count);
        Assert.All(h.Fake.LivePods, p => Assert.False(p.Interruptible));
        Assert.Equal(0, spotCallsSecondCycle);
        Assert.Equal(1, SpotRig.Warnings(h, FallbackWarning));
        Assert.Equal(1, SpotRig.Warnings(h, StillRefused));
        Assert.Equal(2, store.Events.Count(e => e.Kind == "spot-fallback" && e.Reason == ReasonCodes.SpotFallback));
        Assert.All(store.Workers, w => Assert.True(w.State.IsCapacity(), $"{w.Id} {w.State}"));
        h.AssertNoSecretsLeaked();
    }

    [Fact]
    public async Task Spot_back_in_stock_is_rented_again_and_a_later_refusal_warns_again()
    {
        await using var h = await RunPodHarness.StartAsync(rest: false);
        h.Fake.NoSpotStock.UnionWith(h.Fake.GpuTypes.Select(g => g.Id));
        var store = SpotRig.Store(h, tasks: 1);
        var cycle = SpotRig.Cycle(h, store, new SpotOptions { Mode = SpotMode.Always, FallbackFor = TimeSpan.FromMinutes(2) });
        await cycle.RunOnceAsync(false, default);

        h.Fake.NoSpotStock.Clear();
        SpotRig.AddTasks(h, store, 1);
        await SpotRig.StepAsync(h, cycle, TimeSpan.FromMinutes(3));
        h.Fake.NoSpotStock.UnionWith(h.Fake.GpuTypes.Select(g => g.Id));
        SpotRig.AddTasks(h, store, 1);
        await SpotRig.StepAsync(h, cycle);

        Assert.Equal([false, true, false], h.Fake.LivePods.OrderBy(p => p.Id, StringComparer.Ordinal).Select(p => p.Interruptible));
        Assert.Equal(2, SpotRig.Warnings(h, FallbackWarning));
    }

    [Theory]
    [InlineData(0.30)] // below every type's minimum bid in the catalog: nothing to ask RunPod for
    [InlineData(0.36)] // above the 4090's catalog minimum, which RunPod has raised since: RunPod refuses the bid
    public async Task A_bid_below_the_minimum_is_no_spot_and_the_same_worker_is_created_on_demand(double bid)
    {
        await using var h = await RunPodHarness.StartAsync(rest: false);
        h.Options.GpuTypes = [new("NVIDIA GeForce RTX 4090", null)];
        var cloud = SpotCloud(h, (decimal)bid);
        await cloud.Catalog.GetAsync(default); // the catalog as it was: the 4090's minimum bid 0.35
        var i = h.Fake.GpuTypes.FindIndex(g => g.Id == "NVIDIA GeForce RTX 4090");
        h.Fake.GpuTypes[i] = h.Fake.GpuTypes[i] with { Bid = 0.40m };
        const string Worker = "gpu-20260104_170000-0000b1d0";

        var spot = await cloud.CreatePodAsync(new PodRequest(Worker, Spot: true), default);
        var onDemand = await cloud.CreatePodAsync(new PodRequest(Worker, Spot: false), default);

        Assert.IsType<PodCreateOutcome.SpotUnavailable>(spot);
        Assert.False(h.Fake.LivePods.Single(p => p.Id == Assert.IsType<PodCreateOutcome.Created>(onDemand).Pod.Id).Interruptible);
    }

    [Fact]
    public async Task The_fake_refuses_spot_as_RunPod_does()
    {
        await using var h = await RunPodHarness.StartAsync(rest: false);
        var pod = h.Fake.AddPod("gpu-20260104_165500-00000001");

        Assert.Throws<InvalidOperationException>(() => h.Fake.Interrupt(pod.Id)); // an on-demand pod is never interrupted
        var missingBid = FakeGraphQl.Handle(h.Fake, Request("CreateSpot", new JsonObject { ["name"] = "gpu-x", ["gpuTypeId"] = "NVIDIA GeForce RTX 4090" }));
        var bidOnDemand = FakeGraphQl.Handle(h.Fake, Request("CreateOnDemand", new JsonObject { ["name"] = "gpu-y", ["gpuTypeId"] = "NVIDIA GeForce RTX 4090", ["bidPerGpu"] = 0.5 }));
        var lowBid = FakeGraphQl.Handle(h.Fake, Request("CreateSpot", new JsonObject { ["name"] = "gpu-z", ["gpuTypeId"] = "NVIDIA GeForce RTX 4090", ["bidPerGpu"] = 0.2 }));

        Assert.Equal((400, true), (missingBid.Status, missingBid.Body.Contains("bidPerGpu", StringComparison.Ordinal)));
        Assert.Equal((400, true), (bidOnDemand.Status, bidOnDemand.Body.Contains("bidPerGpu", StringComparison.Ordinal)));
        Assert.True(lowBid.Status == 200 && lowBid.Body.Contains("below the minimum bid price of 0.35", StringComparison.Ordinal), lowBid.Body);
        Assert.Single(h.Fake.LivePods);
    }

    private static JsonObject Request(string operation, JsonObject input) => new()
    {
        ["query"] = $"mutation {operation}($input: Input!) {{ x(input: $input) {{ id }} }}",
        ["variables"] = new JsonObject { ["input"] = input },
    };

    private static Orchestrator.RunPod.RunPodGpuCloud SpotCloud(RunPodHarness h, decimal bid) => h.NewCloud(o =>
    {
        o.Spot = true;
        o.BidPerGpu = bid;
        o.StorageNames = [];
    });
}
