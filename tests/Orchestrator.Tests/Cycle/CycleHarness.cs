using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Core.Cycle;
using Orchestrator.Core.Decisions;
using Orchestrator.Core.Domain;
using Orchestrator.Simulation;
using Orchestrator.TestSupport;
using Orchestrator.Core.Options;

namespace Orchestrator.Tests.Cycle;

/// <summary>The real control cycle on a fake clock against in-memory store, cloud and bootstrapper.</summary>
internal sealed class CycleHarness
{
    public CycleHarness(int min = 0, int max = 10, Action<HealthOptions>? health = null, Action<ScalingOptions>? scaling = null)
    {
        Scaling = new ScalingOptions { MinActive = min, MaxActive = max, MaxSpawnsPerCycle = 10, IdleTimeout = TimeSpan.FromMinutes(10) };
        scaling?.Invoke(Scaling);
        Health = new HealthOptions();
        health?.Invoke(Health);
        Store = new InMemoryFleetStore(Demand);
        var settings = new CycleSettings(Cycle, Health, Breaker, Scaling) { Random = new Random(7) };
        var planner = new CyclePlanner(new ScalingPolicy(Scaling), Health, Breaker, Cycle);
        Control = new ControlCycle(Store, Cloud, Bootstrapper, planner, settings, Clock, NullLogger<ControlCycle>.Instance);
    }

    public ManualTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero));
    public ScalingOptions Scaling { get; }
    public HealthOptions Health { get; }
    public BreakerOptions Breaker { get; } = new();
    public CycleOptions Cycle { get; } = new();
    public DemandOptions Demand { get; } = new();
    public InMemoryFleetStore Store { get; }
    public InMemoryGpuCloud Cloud { get; } = new();
    public ScriptedBootstrapper Bootstrapper { get; } = new();
    public ControlCycle Control { get; }

    public DateTimeOffset Now => Clock.GetUtcNow();

    public Task<CycleReport> CycleAsync(bool dryRun = false) => Control.RunOnceAsync(dryRun, CancellationToken.None);

    public void Advance(TimeSpan by) => Clock.Advance(by);

    public void RunAllPods()
    {
        foreach (var pod in Cloud.Pods.Where(p => p.Status == PodStatus.Provisioning))
        {
            Cloud.SetStatus(pod.Id, PodStatus.Running);
        }
    }

    public void HeartbeatAll()
    {
        foreach (var w in Store.Workers.Where(w => w.State is WorkerState.Bootstrapping or WorkerState.Active))
        {
            Store.Heartbeat(w.Id, Now);
        }
    }

    public InMemoryWorker Worker(string id) => Store.Workers.Single(w => w.Id == id);

    public IReadOnlyList<InMemoryWorker> InState(WorkerState state) => Store.Workers.Where(w => w.State == state).ToList();

    /// <summary>No pod billing without a live worker row, and no live row without a pod after settling.</summary>
    public void AssertNoLeakedPods()
    {
        var live = Store.Workers.Where(w => w.State != WorkerState.Terminated).Select(w => w.Id).ToHashSet();
        foreach (var pod in Cloud.Pods.Where(p => !p.IsGone))
        {
            Xunit.Assert.Contains(pod.Name, live);
        }
    }
}
