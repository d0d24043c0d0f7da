using System.Collections.Concurrent;
using Npgsql;
using Orchestrator.Tests.RunPod;

namespace Orchestrator.Chaos;

/// <summary>
/// The workers on the fake's pods, as Reigh's worker behaves towards the database: once its pod has "booted"
/// it heartbeats (<c>func_worker_heartbeat_with_logs</c>), claims one task at a time
/// (<c>claim_next_task_service_role</c>), runs it for the task's <c>duration_ms</c> and completes it.
/// A worker can die mid-task (its heartbeats stop, its task stays In Progress, its pod keeps billing): a share
/// of tasks (<see cref="DeathShare"/>, at most once per task) and always on a poison task. While the database
/// is down the workers cannot reach it either, and simply try again.
/// </summary>
public sealed class SimulatedWorkers(NpgsqlDataSource db, FakeRunPodState runPod, int seed)
{
    public const string PoisonType = "chaos_poison";
    private static readonly TimeSpan BootTime = TimeSpan.FromSeconds(1.5);
    private readonly ConcurrentDictionary<string, Worker> _workers = new(StringComparer.Ordinal);
    private readonly HashSet<Guid> _diedOn = [];
    private readonly Random _random = new(seed);
    private int _deaths;

    /// <summary>Share of claimed tasks whose worker dies halfway through.</summary>
    public double DeathShare { get; set; }

    public int Deaths => Volatile.Read(ref _deaths);

    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await TickAsync().ConfigureAwait(false);
            try
            {
                await Task.Delay(400, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private async Task TickAsync()
    {
        var now = DateTimeOffset.UtcNow;
        var live = runPod.LivePods.Where(p => p.Name.StartsWith("gpu-", StringComparison.Ordinal)).ToList();
        foreach (var gone in _workers.Keys.Except(live.Select(p => p.Id), StringComparer.Ordinal))
        {
            _workers.TryRemove(gone, out _);
        }
        foreach (var pod in live)
        {
            var worker = _workers.GetOrAdd(pod.Id, _ => new Worker(pod.Name, now));
            if (worker.Dead || now - worker.Seen < BootTime)
            {
                continue;
            }
            try
            {
                await StepAsync(worker, now).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                // The database is unreachable: a real worker retries on its next beat too.
            }
        }
    }

    private async Task StepAsync(Worker worker, DateTimeOffset now)
    {
        if (worker.DieAt is { } dieAt && now >= dieAt)
        {
            worker.Dead = true;
            Interlocked.Increment(ref _deaths);
            return;
        }
        await ExecuteAsync("SELECT func_worker_heartbeat_with_logs($1, 24564, 1200, '[]'::jsonb, NULL, 'active')", worker.Name).ConfigureAwait(false);
        if (worker.Task is { } task)
        {
            if (now - worker.Started >= worker.Duration)
            {
                await ExecuteAsync("UPDATE tasks SET status = 'Complete', generation_processed_at = now(), updated_at = now() WHERE id = $1 AND worker_id = $2 AND status = 'In Progress'",
                    task, worker.Name).ConfigureAwait(false);
                worker.Task = null;
            }
            return;
        }
        await ClaimAsync(worker, now).ConfigureAwait(false);
    }

    private async Task ClaimAsync(Worker worker, DateTimeOffset now)
    {
        await using var command = db.CreateCommand("SELECT task_id, task_type, coalesce((params ->> 'duration_ms')::int, 3000) FROM claim_next_task_service_role($1, false, 'gpu')");
        command.Parameters.Add(new NpgsqlParameter { Value = worker.Name });
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        if (!await reader.ReadAsync().ConfigureAwait(false))
        {
            return;
        }
        var id = reader.GetGuid(0);
        worker.Task = id;
        worker.Started = now;
        worker.Duration = TimeSpan.FromMilliseconds(reader.GetInt32(2));
        if (reader.GetString(1) == PoisonType)
        {
            worker.DieAt = now; // it dies on its next beat, task in hand
            return;
        }
        lock (_diedOn)
        {
            if (_random.NextDouble() < DeathShare && _diedOn.Add(id))
            {
                worker.DieAt = now + worker.Duration / 2;
            }
        }
    }

    private async Task ExecuteAsync(string sql, params object[] values)
    {
        await using var command = db.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    private sealed class Worker(string name, DateTimeOffset seen)
    {
        public string Name { get; } = name;
        public DateTimeOffset Seen { get; } = seen;
        public bool Dead { get; set; }
        public Guid? Task { get; set; }
        public DateTimeOffset Started { get; set; }
        public TimeSpan Duration { get; set; }
        public DateTimeOffset? DieAt { get; set; }
    }
}
