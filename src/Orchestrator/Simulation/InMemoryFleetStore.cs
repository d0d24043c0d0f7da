using System.Text.Json;
using Orchestrator.Core.Domain;
using Orchestrator.Core.Options;
using Orchestrator.Core.Ports;
using Orchestrator.Persistence;

namespace Orchestrator.Simulation;

/// <summary>
/// The fleet store in memory, with the database's semantics: conditional transitions, terminated is
/// final, requeue bumps attempts and fails past the limit, the heartbeat overwrites <c>workers.status</c>.
/// Used by tests and the simulator; thread-safe. <see cref="FailNextObserve"/> injects a store outage.
/// </summary>
public sealed partial class InMemoryFleetStore(DemandOptions demand) : IFleetStore, IHostKeyPins, IFleetHistory
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, InMemoryWorker> _workers = [];
    private readonly Dictionary<Guid, InMemoryTask> _tasks = [];
    /// <summary>Queued tasks, oldest first (claims are FIFO).</summary>
    private readonly List<InMemoryTask> _queue = [];
    /// <summary>Tasks held by each worker (claimed and not requeued), so an observation never scans every task.</summary>
    private readonly Dictionary<string, WorkerTasks> _byWorker = new(StringComparer.Ordinal);
    /// <summary>Every task's creation time, sorted, for the recent-arrivals count.</summary>
    private readonly List<DateTimeOffset> _created = [];
    private readonly List<ScalingEvent> _events = [];
    /// <summary>Non-orchestrator tasks in progress per user (Reigh's per-user limit counts these).</summary>
    private readonly Dictionary<string, int> _busyByUser = new(StringComparer.Ordinal);
    private bool _paused;
    private int _running;

    /// <summary>Reigh's limit: a worker claims no task of a user with this many non-orchestrator tasks in progress.</summary>
    public const int PerUserLimit = 5;

    /// <summary>Queued and in-progress tasks now (counters, not a scan: the simulator samples them every minute).</summary>
    public (int Queued, int Running) TaskCounts { get { lock (_gate) { return (_queue.Count, _running); } } }

    /// <summary>Set to make the next <see cref="ObserveAsync"/> throw, as a database outage would.</summary>
    public bool FailNextObserve { get; set; }

    public IReadOnlyList<ScalingEvent> Events { get { lock (_gate) { return [.. _events]; } } }
    public IReadOnlyList<InMemoryTask> Tasks { get { lock (_gate) { return [.. _tasks.Values]; } } }
    public IReadOnlyList<InMemoryWorker> Workers { get { lock (_gate) { return [.. _workers.Values]; } } }

    public Task<StoreObservation> ObserveAsync(ObservationRequest request, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (FailNextObserve)
            {
                FailNextObserve = false;
                throw new StoreException("injected store outage");
            }
            var named = request.PodNames.ToHashSet(StringComparer.Ordinal);
            var views = _workers.Values
                .Where(w => w.State != WorkerState.Terminated || named.Contains(w.Id))
                .Select(w => View(w, _byWorker.GetValueOrDefault(w.Id) ?? new WorkerTasks()))
                .ToList();
            var since = request.Now - request.OutcomeWindow;
            var outcomes = _workers.Values.SelectMany(w => w.Outcomes).Where(o => o.At >= since).ToList();
            return Task.FromResult(new StoreObservation(Demand(request.Now), views, outcomes, _paused));
        }
    }

    private DemandSignal Demand(DateTimeOffset now)
    {
        var queued = _queue.Count;
        var firstFresh = FirstAtOrAfter(_queue, t => t.CreatedAt, now - demand.MaxTaskAge);
        var fresh = queued - firstFresh;
        var running = _running;
        var windowStart = now - demand.ArrivalWindow;
        return new DemandSignal(queued, Claimable(firstFresh), running, "in-memory")
        {
            TooOld = queued - fresh,
            RecentArrivals = FirstAfter(_created, c => c, now) - FirstAfter(_created, c => c, windowStart),
            ArrivalWindow = demand.ArrivalWindow,
        };
    }

    /// <summary>
    /// Fresh queued tasks a worker could claim now, as <c>count_eligible_tasks_service_role(false)</c> counts them: per
    /// user at most <see cref="PerUserLimit"/> − in progress; tasks of no user all count.
    /// </summary>
    private int Claimable(int firstFresh)
    {
        var count = 0;
        Dictionary<string, int>? ready = null;
        for (var i = firstFresh; i < _queue.Count; i++)
        {
            if (_queue[i].UserId is not { } user)
            {
                count++;
                continue;
            }
            ready ??= new Dictionary<string, int>(StringComparer.Ordinal);
            ready[user] = ready.GetValueOrDefault(user) + 1;
        }
        foreach (var (user, n) in ready ?? [])
        {
            count += Math.Max(0, Math.Min(PerUserLimit - _busyByUser.GetValueOrDefault(user), n));
        }
        return count;
    }

    private static WorkerView View(InMemoryWorker w, WorkerTasks tasks)
    {
        var running = tasks.Running;
        var oldest = running.Where(t => !t.IsOrchestratorTask && t.StartedAt is not null).MinBy(t => t.StartedAt);
        var lastWork = tasks.LastWork;
        return new WorkerView
        {
            Id = w.Id, State = w.State, StateSince = w.StateSince, CreatedAt = w.CreatedAt, PodId = w.PodId, GpuType = w.GpuType,
            DbStatus = w.DbStatus, LastHeartbeat = w.LastHeartbeat, LaunchedAt = w.LaunchedAt, RunningTasks = running.Count,
            OldestRunningTask = oldest is null ? null : new RunningTaskInfo(oldest.Id, oldest.TaskType, oldest.StartedAt!.Value) { QueuedAt = oldest.CreatedAt },
            LastWorkAt = lastWork, HealthFailures = w.HealthFailures, BootstrapAttempts = w.BootstrapAttempts, Reason = w.Reason,
            SelfTerminated = w.SelfTerminated, CostPerHour = w.CostPerHour,
            Spot = w.Metadata.TryGetValue("spot", out var spot) && string.Equals(spot, "true", StringComparison.OrdinalIgnoreCase),
        };
    }

    public Task RegisterWorkerAsync(WorkerRegistration registration, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_workers.ContainsKey(registration.WorkerId))
            {
                var worker = new InMemoryWorker { Id = registration.WorkerId, InstanceType = registration.InstanceType, CreatedAt = registration.At, StateSince = registration.At };
                worker.Metadata["orchestrator_status"] = "spawning";
                _workers[registration.WorkerId] = worker;
            }
            return Task.CompletedTask;
        }
    }

    public Task<bool> ApplyAsync(WorkerChange change, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_workers.TryGetValue(change.WorkerId, out var w) || w.State != change.From || w.State == WorkerState.Terminated
                || (change.OnlyIfNoHeartbeatSince is { } since && w.LastHeartbeat is { } beat && beat >= since))
            {
                return Task.FromResult(false);
            }
            Apply(w, change);
            return Task.FromResult(true);
        }
    }

    private static void Apply(InMemoryWorker w, WorkerChange change)
    {
        if (change.ChangesState)
        {
            w.State = change.To;
            w.StateSince = change.At;
            w.Metadata["orchestrator_status"] = change.To.ToDb();
            if (change.To is WorkerState.Error or WorkerState.Terminated)
            {
                w.DbStatus = change.To.ToDb();
            }
        }
        w.Reason = change.Reason ?? w.Reason;
        w.PodId = change.PodId ?? w.PodId;
        w.GpuType = change.GpuType ?? w.GpuType;
        w.CostPerHour = change.CostPerHour ?? w.CostPerHour;
        w.HealthFailures = change.HealthFailures ?? w.HealthFailures;
        w.BootstrapAttempts = change.BootstrapAttempts ?? w.BootstrapAttempts;
        w.LaunchedAt = change.LaunchedAt ?? w.LaunchedAt;
        if (change.Outcome is { } outcome)
        {
            w.Outcomes.Add(new WorkerOutcome(w.Id, outcome, change.At, change.Reason));
        }
        if (WorkerJson.Metadata(change) is { } json)
        {
            foreach (var property in JsonDocument.Parse(json).RootElement.EnumerateObject())
            {
                w.Metadata[property.Name] = property.Value.ToString();
            }
        }
    }

    public Task<RequeueResult> RequeueTasksAsync(string workerId, int maxAttempts, string reason, DateTimeOffset at, bool spendAttempt,
        CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(RequeueLocked(workerId, maxAttempts, reason, spendAttempt));
        }
    }

    private RequeueResult RequeueLocked(string workerId, int maxAttempts, string reason, bool spendAttempt = true)
    {
        var requeued = new List<Guid>();
        var failed = new List<Guid>();
        var held = _byWorker.GetValueOrDefault(workerId) ?? new WorkerTasks();
        foreach (var task in held.Running.OrderBy(t => t.CreatedAt).ToList())
        {
            held.All.Remove(task);
            held.Running.Remove(task);
            task.Attempts += spendAttempt ? 1 : 0;
            _running--;
            Release(task);
            task.WorkerId = null;
            task.StartedAt = null;
            if (spendAttempt && task.Attempts >= maxAttempts)
            {
                task.Status = TaskStatuses.Failed;
                task.ErrorMessage = $"Failed after {task.Attempts} attempts: {reason}";
                failed.Add(task.Id);
            }
            else
            {
                task.Status = TaskStatuses.Queued;
                task.ErrorMessage = spendAttempt ? $"Requeued (attempt {task.Attempts}): {reason}" : $"Requeued (attempt {task.Attempts} not counted): {reason}";
                Enqueue(task);
                requeued.Add(task.Id);
            }
        }
        held.LastWork = held.All.SelectMany(t => new[] { t.StartedAt, t.ProcessedAt }).Max();
        return new RequeueResult(requeued, failed);
    }

    /// <summary>The database's <c>orchestrator_pin_host_key</c>: first writer wins on the worker row holding the pod.</summary>
    public Task<string?> PinHostKeyAsync(string podId, string? fingerprint, DateTimeOffset at, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var worker = _workers.Values.Where(w => w.PodId == podId).MaxBy(w => w.CreatedAt);
            if (worker is not null && fingerprint is not null && worker.HostKeySha256 is null)
            {
                worker.HostKeySha256 = fingerprint;
                worker.HostKeyPinnedAt = at;
            }
            return Task.FromResult(worker?.HostKeySha256);
        }
    }

    public Task AppendEventsAsync(IReadOnlyList<ScalingEvent> events, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _events.AddRange(events);
            return Task.CompletedTask;
        }
    }

    public Task SetPausedAsync(bool paused, string? reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _paused = paused;
            return Task.CompletedTask;
        }
    }

    // ---- The worker and client side, used by tests and the simulator ----

    public Guid AddTask(string taskType, DateTimeOffset createdAt, string? userId = null)
    {
        lock (_gate)
        {
            var task = new InMemoryTask { Id = Guid.NewGuid(), TaskType = taskType, CreatedAt = createdAt, UserId = userId };
            _tasks[task.Id] = task;
            _created.Insert(FirstAfter(_created, c => c, createdAt), createdAt);
            Enqueue(task);
            return task.Id;
        }
    }

    /// <summary>
    /// FIFO claim, as <c>claim_next_task_service_role</c> does: the oldest queued task whose owner has fewer than
    /// <see cref="PerUserLimit"/> tasks in progress. The worker row must exist.
    /// </summary>
    public InMemoryTask? ClaimNext(string workerId, DateTimeOffset at)
    {
        lock (_gate)
        {
            if (!_workers.ContainsKey(workerId))
            {
                return null;
            }
            var index = _queue.FindIndex(t => t.UserId is not { } user || _busyByUser.GetValueOrDefault(user) < PerUserLimit);
            if (index < 0)
            {
                return null;
            }
            var task = _queue[index];
            _queue.RemoveAt(index);
            if (task.UserId is { } owner && !task.IsOrchestratorTask)
            {
                _busyByUser[owner] = _busyByUser.GetValueOrDefault(owner) + 1;
            }
            task.Status = TaskStatuses.InProgress;
            _running++;
            task.WorkerId = workerId;
            if (!_byWorker.TryGetValue(workerId, out var held))
            {
                _byWorker[workerId] = held = new WorkerTasks();
            }
            held.All.Add(task);
            held.Running.Add(task);
            held.Touch(at);
            task.StartedAt = at;
            return task;
        }
    }

    /// <summary>Completes a task the worker still holds; false when it was requeued meanwhile.</summary>
    public bool Complete(Guid taskId, string workerId, DateTimeOffset at)
    {
        lock (_gate)
        {
            if (!_tasks.TryGetValue(taskId, out var task) || task.Status != TaskStatuses.InProgress || task.WorkerId != workerId)
            {
                return false;
            }
            task.Status = TaskStatuses.Complete;
            _running--;
            Release(task);
            task.ProcessedAt = at;
            var held = _byWorker[workerId];
            held.Running.Remove(task);
            held.Touch(at);
            return true;
        }
    }

    /// <summary>The heartbeat RPC: sets <c>status</c> unconditionally; <c>crashed</c> requeues the worker's tasks.</summary>
    public void Heartbeat(string workerId, DateTimeOffset at, string status = "active")
    {
        lock (_gate)
        {
            if (!_workers.TryGetValue(workerId, out var w))
            {
                w = new InMemoryWorker { Id = workerId, InstanceType = "external", CreatedAt = at, State = WorkerState.Terminated, StateSince = at };
                _workers[workerId] = w;
            }
            w.LastHeartbeat = at;
            w.DbStatus = status;
            if (status == "crashed")
            {
                RequeueLocked(workerId, 3, "worker crashed");
            }
        }
    }

    /// <summary>A task leaves In Progress: its owner has one fewer running.</summary>
    private void Release(InMemoryTask task)
    {
        if (task.UserId is { } owner && !task.IsOrchestratorTask)
        {
            _busyByUser[owner]--;
        }
    }

    private void Enqueue(InMemoryTask task)
    {
        _queue.Insert(FirstAfter(_queue, q => q.CreatedAt, task.CreatedAt), task);
    }

    /// <summary>Index of the first item whose key is after <paramref name="at"/> in a list sorted by that key.</summary>
    private static int FirstAfter<T>(List<T> sorted, Func<T, DateTimeOffset> key, DateTimeOffset at) => Search(sorted, key, at, orEqual: false);

    /// <summary>Index of the first item whose key is at or after <paramref name="at"/> in a list sorted by that key.</summary>
    private static int FirstAtOrAfter<T>(List<T> sorted, Func<T, DateTimeOffset> key, DateTimeOffset at) => Search(sorted, key, at, orEqual: true);

    private static int Search<T>(List<T> sorted, Func<T, DateTimeOffset> key, DateTimeOffset at, bool orEqual)
    {
        var (low, high) = (0, sorted.Count);
        while (low < high)
        {
            var middle = (low + high) / 2;
            var k = key(sorted[middle]);
            if (k > at || (orEqual && k == at))
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }
        return low;
    }

    /// <summary>
    /// The tasks a worker holds (claimed, not requeued; completed ones stay, as <c>worker_id</c> does), the running
    /// ones apart, and its last claim or completion: an observation reads these instead of every task.
    /// </summary>
    private sealed class WorkerTasks
    {
        public List<InMemoryTask> All { get; } = [];
        public List<InMemoryTask> Running { get; } = [];
        public DateTimeOffset? LastWork { get; set; }

        public void Touch(DateTimeOffset at) => LastWork = LastWork is { } last && last > at ? last : at;
    }
}
