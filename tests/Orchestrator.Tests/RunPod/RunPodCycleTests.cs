using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Orchestrator.Core.Cycle;
using Orchestrator.Core.Decisions;
using Orchestrator.Core.Domain;
using Orchestrator.Simulation;
using Orchestrator.TestSupport;
using Orchestrator.Core.Options;
using Orchestrator.Core.Ports;
using Xunit;

namespace Orchestrator.Tests.RunPod;

/// <summary>The real <see cref="ControlCycle"/> and in-memory store driving the RunPod adapter against the fake.</summary>
public sealed class RunPodCycleTests
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_queue_of_tasks_produces_one_pod_per_task_with_the_configured_input(bool rest)
    {
        await using var h = await RunPodHarness.StartAsync(rest);
        var store = Store(h, tasks: 4);

        await NewCycle(h, store).RunOnceAsync(false, default);

        Assert.Equal(4, h.Fake.LivePods.Count);
        foreach (var pod in h.Fake.LivePods)
        {
            Assert.StartsWith("gpu-", pod.Name, StringComparison.Ordinal);
            Assert.Equal("ghcr.io/example/worker:1.2.3", FakeInput.Image(pod.Input));
            Assert.Equal("vol-peter", FakeInput.VolumeId(pod.Input));
            Assert.Contains(pod.Name, pod.Input["env"]!.ToJsonString(), StringComparison.Ordinal);
            Assert.Contains(store.Workers, w => w.Id == pod.Name && w.PodId == pod.Id && w.State == WorkerState.Spawning && w.CostPerHour == 0.69m);
        }
        AssertAgree(store, h.Fake);
        h.AssertNoSecretsLeaked();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Killed_between_create_and_database_update_agrees_again_within_two_cycles(bool rest)
    {
        await using var h = await RunPodHarness.StartAsync(rest);
        var database = Store(h, tasks: 3);
        var crashing = new CrashingFleetStore(database);

        await NewCycle(h, crashing).RunOnceAsync(false, default);
        var orphan = Assert.Single(h.Fake.LivePods);
        Assert.Contains(database.Workers, w => w.Id == orphan.Name && w.State == WorkerState.Requested && w.PodId is null);

        var restarted = NewCycle(h, database);
        for (var i = 0; i < 2; i++)
        {
            h.Clock.Advance(Poll);
            await restarted.RunOnceAsync(false, default);
        }

        AssertAgree(database, h.Fake, strict: true);
        Assert.Equal(3, h.Fake.LivePods.Count);
        Assert.Equal(h.Fake.LivePods.Count, h.Fake.LivePods.Select(p => p.Name).Distinct().Count());
        h.AssertNoSecretsLeaked();
    }

    [Theory]
    [InlineData(false, FakeFaultKind.LoseAnswer)]
    [InlineData(true, FakeFaultKind.LoseAnswer)]
    [InlineData(false, FakeFaultKind.ServerError)]
    [InlineData(true, FakeFaultKind.ServerError)]
    [InlineData(false, FakeFaultKind.Timeout)]
    [InlineData(true, FakeFaultKind.Timeout)]
    [InlineData(false, FakeFaultKind.MalformedJson)]
    [InlineData(true, FakeFaultKind.MalformedJson)]
    [InlineData(false, FakeFaultKind.RateLimited)]
    [InlineData(false, FakeFaultKind.Unauthorized)]
    [InlineData(true, FakeFaultKind.Unauthorized)]
    [InlineData(false, FakeFaultKind.GraphQlInternalError)]
    public async Task A_fault_on_create_leaves_no_leaked_pod(bool rest, FakeFaultKind kind)
    {
        await using var h = await RunPodHarness.StartAsync(rest);
        var store = Store(h, tasks: 2);
        h.Fake.Fail(new FakeFault(kind, "create"));
        var cycle = NewCycle(h, store);

        foreach (var step in new[] { TimeSpan.Zero, Poll, TimeSpan.FromSeconds(200), Poll, Poll })
        {
            h.Clock.Advance(step);
            await cycle.RunOnceAsync(false, default);
            // A create the cycle left in flight (the hung one) may be storing its pod while the rows and pods are read:
            // agreement is checked once what the cycle sent has ended.
            await cycle.DrainAsync(default);
            AssertAgree(store, h.Fake);
        }

        AssertAgree(store, h.Fake, strict: true);
        Assert.Equal(2, h.Fake.LivePods.Count);
        h.AssertNoSecretsLeaked();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Our_orphan_pods_are_terminated_after_the_grace_and_foreign_pods_are_left_alone(bool rest)
    {
        await using var h = await RunPodHarness.StartAsync(rest);
        var store = Store(h, tasks: 0);
        var orphan = h.Fake.AddPod("gpu-20260104_165500-0badf00d");
        var foreign = h.Fake.AddPod("gpu2-20260104_120000-12345678");
        var cycle = NewCycle(h, store);

        await cycle.RunOnceAsync(false, default);

        Assert.DoesNotContain(h.Fake.LivePods, p => p.Id == orphan.Id);
        Assert.Contains(h.Fake.LivePods, p => p.Id == foreign.Id);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_stockout_everywhere_registers_no_pod_and_closes_the_row(bool rest)
    {
        await using var h = await RunPodHarness.StartAsync(rest);
        h.Fake.CapacityGpuTypes.UnionWith(["NVIDIA GeForce RTX 4090", "NVIDIA L40S"]);
        var store = Store(h, tasks: 2);

        await NewCycle(h, store).RunOnceAsync(false, default);

        Assert.Empty(h.Fake.LivePods);
        Assert.All(store.Workers, w => Assert.Equal(WorkerState.Terminated, w.State));
    }

    internal static InMemoryFleetStore Store(RunPodHarness h, int tasks)
    {
        var store = new InMemoryFleetStore(new DemandOptions());
        for (var i = 0; i < tasks; i++)
        {
            store.AddTask("travel_segment", h.Clock.GetUtcNow() - TimeSpan.FromMinutes(1));
        }
        return store;
    }

    internal static ControlCycle NewCycle(RunPodHarness h, IFleetStore store, HealthOptions? health = null, IWorkerBootstrapper? bootstrapper = null)
    {
        var scaling = new ScalingOptions { MinActive = 0, MaxActive = 10, MaxSpawnsPerCycle = 5 };
        health ??= new HealthOptions();
        var breaker = new BreakerOptions();
        var options = new CycleOptions { WorkerPrefix = "gpu-" };
        var planner = new CyclePlanner(new ScalingPolicy(scaling), health, breaker, options);
        return new ControlCycle(store, h.NewCloud(), bootstrapper ?? new ScriptedBootstrapper(), planner,
            new CycleSettings(options, health, breaker, scaling), h.Clock, h.Loggers.CreateLogger<ControlCycle>());
    }

    /// <summary>
    /// No pod billed without a live row that names it. Strict: no live row without its pod either
    /// (otherwise a requested row may still wait for its create to be confirmed).
    /// </summary>
    private static void AssertAgree(InMemoryFleetStore store, FakeRunPodState fake, bool strict = false)
    {
        var live = fake.LivePods;
        var rows = store.Workers.Where(w => w.State != WorkerState.Terminated).ToList();
        foreach (var pod in live)
        {
            Assert.Contains(rows, w => w.Id == pod.Name && (w.PodId == pod.Id || w.State == WorkerState.Requested));
        }
        foreach (var row in rows.Where(w => strict || w.State != WorkerState.Requested))
        {
            Assert.Contains(live, p => p.Id == row.PodId);
        }
    }
}
