using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Orchestrator.Core.Cycle;
using Orchestrator.Core.Decisions;
using Orchestrator.Hosting;

namespace Orchestrator.Simulation;

/// <summary>
/// Replays one scenario through the real <see cref="ControlCycle"/>, planner, policy and lifecycle on a
/// virtual clock. Only the adapters are simulated: <see cref="SimulatedRunPod"/>, <see cref="SimulatedPodShell"/> under the
/// real SSH bootstrapper, <see cref="SimulatedWorkers"/> and the <see cref="InMemoryFleetStore"/>. Workers and cloud step every
/// <see cref="SimulationProfile.Step"/>; the cycle runs every ORCHESTRATOR_POLL_SEC of virtual time.
/// </summary>
public sealed class SimulationRun
{
    /// <summary>Virtual start: a Monday at midnight UTC.</summary>
    public static readonly DateTimeOffset Start = new(2025, 1, 6, 0, 0, 0, TimeSpan.Zero);

    private readonly Scenario _scenario;
    private readonly SimulationSetup _setup;
    private readonly ILogger _logger;
    private readonly ManualTimeProvider _time = new(Start);
    private readonly InMemoryFleetStore _store;
    private readonly Dictionary<Guid, TimeSpan> _durations = [];
    private readonly SimulatedRunPod _cloud;
    private readonly SimulatedWorkers _workers;
    private readonly ControlCycle _cycle;
    private readonly IScalingPolicy _policy;
    private readonly SimulationProgress? _progress;
    private readonly List<SimulationSample> _series = [];
    private int _maxPods;
    private int _maxExceeded;
    private int _cycles;

    /// <param name="progress">Told every simulated minute how far the replay is, and when it ends.</param>
    public SimulationRun(Scenario scenario, SimulationSetup setup, ILoggerFactory logs, SimulationProgress? progress = null)
    {
        (_scenario, _setup, _progress) = (scenario, setup, progress);
        _logger = logs.CreateLogger("Orchestrator.Simulation");
        _store = new InMemoryFleetStore(setup.Demand);
        _cloud = new SimulatedRunPod(_time, Start, setup.Seed, setup.Profile.ForCeiling(setup.Scaling.MaxActive), scenario.Outages, setup.Cycle.WorkerPrefix,
            setup.Spot.Enabled ? setup.BidPerGpu : null, scenario.SpotDroughts);
        _workers = new SimulatedWorkers(_store, _durations, setup.Seed, setup.Profile, _logger);
        _cloud.Terminated += _workers.OnPodTerminated;
        var shell = new SimulatedPodShell(_time, setup.Seed, setup.Profile, _cloud, _workers, _logger);
        var bootstrapper = SimulatedBootstrap.Create(shell, logs);
        _policy = setup.Scaling.Policy == ClairvoyantScalingPolicy.PolicyName
            ? new ClairvoyantScalingPolicy(setup.Scaling, scenario.Arrivals, Start, setup.BoundLead)
            : PolicyFactory.Create(setup.Scaling);
        var planner = new CyclePlanner(_policy, setup.Health, setup.Breaker, setup.Cycle);
        var settings = new CycleSettings(OnVirtualTime(setup.Cycle), setup.Health, setup.Breaker, setup.Scaling) { Random = new Random(setup.Seed), Spot = setup.Spot };
        _cycle = new ControlCycle(_store, _cloud, bootstrapper, planner, settings, _time, logs.CreateLogger<ControlCycle>());
    }

    public async Task<SimulationResult> RunAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var arrivals = _scenario.Arrivals.OrderBy(a => a.Offset).ToList();
        var speed = _setup.Speed is { } s ? $"{s:0.#}x" : "max";
        SimulationLog.Started(_logger, _scenario.Name, _policy.Name, _setup.Seed, arrivals.Count, _scenario.Span.TotalHours, speed);
        var end = _scenario.Span + _setup.Profile.DrainTail;
        var hardEnd = end + _setup.Profile.MaxOvertime;
        var next = 0;
        var nextCycle = TimeSpan.Zero;
        var elapsed = TimeSpan.Zero;
        while (!cancellationToken.IsCancellationRequested && (elapsed < end || (elapsed < hardEnd && Unsettled())))
        {
            next = Arrive(arrivals, next, elapsed);
            _workers.Step(_time.GetUtcNow());
            if (elapsed >= nextCycle)
            {
                await _cycle.RunOnceAsync(dryRun: false, cancellationToken).ConfigureAwait(false);
                _cycles++;
                LogClock();
                nextCycle += _setup.Cycle.PollInterval;
            }
            Observe();
            if (elapsed.Ticks % SampleEvery.Ticks == 0)
            {
                Sample(elapsed);
                _progress?.Advance(_scenario.Name, _policy.Name, elapsed / end);
            }
            _time.Advance(_setup.Profile.Step);
            elapsed += _setup.Profile.Step;
            await PaceAsync(cancellationToken).ConfigureAwait(false);
        }
        var result = SimulationMetrics.Collect(this, elapsed, _series, clock.Elapsed);
        _progress?.Finished(result);
        SimulationLog.Finished(_logger, _scenario.Name, _policy.Name, clock.ElapsedMilliseconds, result.TasksDone, result.CostUsd, result.WaitP95Seconds);
        return result;
    }

    internal Scenario Scenario => _scenario;
    internal SimulationSetup Setup => _setup;
    internal string PolicyName => _policy.Name;
    internal InMemoryFleetStore Store => _store;
    internal IReadOnlyDictionary<Guid, TimeSpan> Durations => _durations;
    internal SimulatedRunPod Cloud => _cloud;
    internal SimulatedWorkers Workers => _workers;
    internal DateTimeOffset Now => _time.GetUtcNow();
    internal int MaxPods => _maxPods;
    internal int MaxExceeded => _maxExceeded;
    internal int Cycles => _cycles;

    private int Arrive(List<TaskArrival> arrivals, int next, TimeSpan elapsed)
    {
        var first = next;
        for (; next < arrivals.Count && arrivals[next].Offset <= elapsed; next++)
        {
            // A tick per index keeps arrival times distinct, so FIFO order never depends on insertion races.
            var id = _store.AddTask(arrivals[next].TaskType, Start + arrivals[next].Offset + TimeSpan.FromTicks(next), arrivals[next].UserId);
            _durations[id] = arrivals[next].Duration;
        }
        if (next > first)
        {
            SimulationLog.TasksArrived(_logger, _time.GetUtcNow(), next - first);
        }
        return next;
    }

    private bool Unsettled() => _store.TaskCounts is not (0, 0);

    /// <summary>The time series' resolution: one sample per simulated minute.</summary>
    public static readonly TimeSpan SampleEvery = TimeSpan.FromMinutes(1);

    private void Sample(TimeSpan elapsed)
    {
        var now = _time.GetUtcNow();
        var (queued, running) = _store.TaskCounts;
        var (idle, busy) = _workers.Census();
        var live = _cloud.LiveCount;
        _series.Add(new SimulationSample((int)(elapsed / SampleEvery), queued, running, Math.Max(0, live - idle - busy), idle, busy, Math.Round(_cloud.CostSoFar(now), 2)));
    }

    private void Observe()
    {
        var live = _cloud.LiveCount;
        _maxPods = Math.Max(_maxPods, live);
        if (live > _setup.Scaling.MaxActive)
        {
            _maxExceeded++;
            SimulationLog.InvariantBroken(_logger, _time.GetUtcNow(), $"{live} pods live, above MAX_ACTIVE_GPUS {_setup.Scaling.MaxActive}");
        }
    }

    private void LogClock()
    {
        if (_setup.Speed is null)
        {
            return;
        }
        var now = _time.GetUtcNow();
        var tasks = _store.Tasks;
        var pods = _cloud.AllPods;
        if (_logger.IsEnabled(LogLevel.Debug)) // counting every task and pod each tick is the replay's cost, not the log's
        {
            SimulationLog.Clock(_logger, now, tasks.Count(t => t.Status == TaskStatuses.Queued), tasks.Count(t => t.Status == TaskStatuses.InProgress),
                pods.Count(p => p.IsLive), pods.Sum(p => p.Cost(now)));
        }
    }

    private async Task PaceAsync(CancellationToken cancellationToken)
    {
        if (_setup.Speed is { } speed && speed > 0)
        {
            try
            {
                await Task.Delay(_setup.Profile.Step / speed, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C ends the replay early; the report covers what ran.
            }
        }
    }

    /// <summary>
    /// The cycle options with no in-cycle wait for new pods: pods boot in virtual time, which does not pass while a
    /// cycle waits, so the simulated creating cycle leaves the bootstrap to the next cycle (the wait's real-time gain is
    /// measured by <c>bench bootstrap</c> instead).
    /// </summary>
    // One call at a time, in the plan's order (CycleOptions.Sequential): the replay does not depend on thread scheduling.
    private static Core.Options.CycleOptions OnVirtualTime(Core.Options.CycleOptions o) => o with
    {
        PodReadyWait = TimeSpan.Zero, Sequential = true, SpawnParallelism = 1, BootstrapParallelism = 1, TerminateParallelism = 1,
    };
}
