using Microsoft.Extensions.Logging;
using Orchestrator.Core.Cycle;
using Orchestrator.Core.Decisions;
using Orchestrator.Core.Options;
using Orchestrator.Core.Ports;
using Orchestrator.Simulation;
using Orchestrator.TestSupport;
using Orchestrator.Tests.RunPod;

namespace Orchestrator.Tests.Spot;

/// <summary>The real control cycle over the RunPod adapter (GraphQL, the only dialect with spot) and the fake, with spot options.</summary>
internal static class SpotRig
{
    public const decimal Bid = 0.45m;
    public static readonly TimeSpan Poll = TimeSpan.FromSeconds(30);

    public static ControlCycle Cycle(RunPodHarness h, IFleetStore store, SpotOptions spot, int minActive = 0, decimal bid = Bid)
    {
        h.Options.Spot = spot.Enabled;
        h.Options.BidPerGpu = bid;
        var scaling = new ScalingOptions { MinActive = minActive, MaxActive = 10, MaxSpawnsPerCycle = 5 };
        var health = new HealthOptions();
        var breaker = new BreakerOptions();
        var cycle = new CycleOptions { WorkerPrefix = "gpu-" };
        var planner = new CyclePlanner(new ScalingPolicy(scaling), health, breaker, cycle);
        return new ControlCycle(store, h.NewCloud(), new ScriptedBootstrapper(), planner,
            new CycleSettings(cycle, health, breaker, scaling) { Spot = spot }, h.Clock, h.Loggers.CreateLogger<ControlCycle>());
    }

    public static InMemoryFleetStore Store(RunPodHarness h, int tasks)
    {
        var store = new InMemoryFleetStore(new DemandOptions());
        AddTasks(h, store, tasks);
        return store;
    }

    public static void AddTasks(RunPodHarness h, InMemoryFleetStore store, int tasks)
    {
        for (var i = 0; i < tasks; i++)
        {
            store.AddTask("travel_segment", h.Clock.GetUtcNow() - TimeSpan.FromMinutes(1));
        }
    }

    /// <summary>Advances the fake's clock by one poll (or <paramref name="by"/>) and runs a cycle.</summary>
    public static async Task<CycleReport> StepAsync(RunPodHarness h, ControlCycle cycle, TimeSpan? by = null)
    {
        h.Clock.Advance(by ?? Poll);
        return await cycle.RunOnceAsync(false, default);
    }

    /// <summary>The create requests that asked RunPod for spot (<c>podRentInterruptable</c>).</summary>
    public static int SpotCreateCalls(RunPodHarness h) => h.Fake.Requests.Count(r => r.Body.Contains("podRentInterruptable", StringComparison.Ordinal));

    public static int Warnings(RunPodHarness h, int eventId) => h.Logs.Lines.Count(l => l.EventId == eventId);
}
