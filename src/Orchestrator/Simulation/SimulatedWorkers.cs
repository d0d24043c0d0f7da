using Microsoft.Extensions.Logging;

namespace Orchestrator.Simulation;

/// <summary>
/// The worker processes: after launch and model load each heartbeats, claims the oldest queued task,
/// runs it for its duration and completes it; a few die silently mid-task. A process dies with its pod.
/// Counts pods killed while idle and (an invariant breach) while busy.
/// </summary>
public sealed class SimulatedWorkers(InMemoryFleetStore store, IReadOnlyDictionary<Guid, TimeSpan> durations, int seed, SimulationProfile profile, ILogger logger)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SimulatedWorker> _byId = [];
    private readonly List<SimulatedWorker> _order = [];

    public int IdleKills { get; private set; }
    public int BusyKills { get; private set; }
    public int Crashes { get; private set; }

    /// <summary>When the worker's process first heartbeat, or null.</summary>
    public DateTimeOffset? FirstBeatOf(string workerId)
    {
        lock (_gate)
        {
            return _byId.TryGetValue(workerId, out var w) && w.LastBeat is not null ? w.StartAt : null;
        }
    }

    public int TasksDoneBy(string workerId)
    {
        lock (_gate)
        {
            return _byId.TryGetValue(workerId, out var w) ? w.TasksDone : 0;
        }
    }

    /// <summary>The worker's live process, or null when none runs (never launched, died, pod gone).</summary>
    public SimulatedWorker? Running(string workerId)
    {
        lock (_gate)
        {
            return _byId.TryGetValue(workerId, out var w) && !w.Dead && w.Pod.IsLive ? w : null;
        }
    }

    /// <summary>Live worker processes that have heartbeat: idle ones and those holding a task.</summary>
    public (int Idle, int Busy) Census()
    {
        lock (_gate)
        {
            var (idle, busy) = (0, 0);
            foreach (var w in _order)
            {
                if (!w.Dead && w.Pod.IsLive && w.LastBeat is not null)
                {
                    if (w.Task is null)
                    {
                        idle++;
                    }
                    else
                    {
                        busy++;
                    }
                }
            }
            return (idle, busy);
        }
    }

    /// <summary>Starts the process unless one already runs for this worker; returns the one that runs.</summary>
    public SimulatedWorker Launch(string workerId, SimulatedPod pod, DateTimeOffset startAt, int pid)
    {
        lock (_gate)
        {
            if (_byId.TryGetValue(workerId, out var running) && !running.Dead)
            {
                return running;
            }
            var worker = new SimulatedWorker { WorkerId = workerId, Pod = pod, StartAt = startAt, Pid = pid };
            _byId[workerId] = worker;
            // Launches arrive from parallel bootstraps; ordering by id keeps who claims first independent of that race.
            var at = _order.FindIndex(w => string.CompareOrdinal(w.WorkerId, workerId) > 0);
            _order.Insert(at < 0 ? _order.Count : at, worker);
            return worker;
        }
    }

    /// <summary>The cloud terminated a pod: its process dies; an idle or busy kill is counted.</summary>
    public void OnPodTerminated(SimulatedPod pod)
    {
        lock (_gate)
        {
            if (!_byId.TryGetValue(pod.Name, out var worker) || worker.Dead)
            {
                return;
            }
            worker.Dead = true;
            if (worker.Task is not null)
            {
                BusyKills++;
            }
            else if (worker.LastBeat is not null)
            {
                IdleKills++;
            }
        }
    }

    public void Step(DateTimeOffset now)
    {
        lock (_gate)
        {
            foreach (var worker in _order.Where(w => !w.Dead).ToList())
            {
                StepOne(worker, now);
            }
            _order.RemoveAll(w => w.Dead);
        }
    }

    private void StepOne(SimulatedWorker w, DateTimeOffset now)
    {
        if (!w.Pod.IsUp(now) || now < w.StartAt)
        {
            w.Dead = !w.Pod.IsUp(now); // terminated, or a spot pod taken back: the process is gone with it
            return;
        }
        if (w.LastBeat is null || now - w.LastBeat >= profile.Heartbeat)
        {
            store.Heartbeat(w.WorkerId, now);
            w.LastBeat = now;
        }
        if (w.Task is { } task && w.CrashAt is { } crash && now >= crash)
        {
            w.Dead = true;
            Crashes++;
            SimulationLog.WorkerCrashed(logger, w.WorkerId, w.Pod.Id, task.Id);
            return;
        }
        if (w.Task is { } running && now >= w.TaskEnd)
        {
            if (store.Complete(running.Id, w.WorkerId, w.TaskEnd))
            {
                w.TasksDone++;
            }
            w.Task = null;
        }
        if (w.Task is null)
        {
            Claim(w, now);
        }
    }

    private void Claim(SimulatedWorker w, DateTimeOffset now)
    {
        if (store.ClaimNext(w.WorkerId, now) is not { } task)
        {
            return;
        }
        var duration = durations[task.Id];
        var random = StableRandom.For(seed, w.WorkerId, 100 + ++w.Claims);
        w.Task = task;
        w.TaskEnd = now + duration;
        w.CrashAt = random.NextDouble() < profile.CrashPerTask ? now + duration * random.NextDouble() : null;
    }
}
