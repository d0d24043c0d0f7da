using Npgsql;
using Orchestrator.Core.Ports;
using Orchestrator.Tests.Store;
using Xunit;

namespace Orchestrator.Tests.Reliability;

/// <summary>
/// Migration 019: each worker's last work, kept in <c>orchestrator_worker_work</c> by triggers on Reigh's tasks, equals
/// what the observation computed from tasks before (the newest greatest(generation_started_at, generation_processed_at)
/// of the tasks naming the worker) through every way a task moves: inserted, claimed, completed, failed, requeued,
/// reassigned, its times cleared, deleted, truncated; also while a requeue and a completion race.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class WorkerLastWorkTests(PostgresFixture postgres)
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Workers whose stored last work differs from their tasks' (none when the trigger is right).</summary>
    private const string Wrong = """
        SELECT coalesce(array_agg(k.id ORDER BY k.id), '{}') FROM workers k
          LEFT JOIN orchestrator_worker_work w ON w.worker_id = k.id
         WHERE w.last_work_at IS DISTINCT FROM
               (SELECT max(greatest(t.generation_started_at, t.generation_processed_at)) FROM tasks t WHERE t.worker_id = k.id)
        """;

    [Fact]
    public async Task The_trigger_keeps_each_workers_last_work_equal_to_its_tasks()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        var store = db.CreateStore();
        var project = await db.AddUserAsync();
        foreach (var worker in new[] { "gpu-a", "gpu-b" })
        {
            await store.RegisterWorkerAsync(new WorkerRegistration(worker, "RTX 4090", T0, Guid.NewGuid()), CancellationToken.None);
        }
        var first = await db.AddTaskAsync(project, "travel_segment", T0);
        var second = await db.AddTaskAsync(project, "travel_segment", T0.AddSeconds(1));
        var third = await db.AddTaskAsync(project, "travel_segment", T0.AddSeconds(2));
        Assert.All((await AssertRightAsync(db, store, "queued only")).Workers, w => Assert.Null(w.LastWorkAt));

        Assert.Equal(first, await db.ClaimAsync("gpu-a"));
        Assert.Equal(second, await db.ClaimAsync("gpu-a"));
        Assert.Equal(third, await db.ClaimAsync("gpu-b"));
        await AssertRightAsync(db, store, "claimed");

        await db.CompleteAsync(first);
        await AssertRightAsync(db, store, "completed");

        await db.ExecuteAsync("UPDATE tasks SET status = 'Failed', generation_processed_at = now() + interval '1 hour' WHERE id = $1", second);
        await AssertRightAsync(db, store, "failed, now the newest");

        await db.ExecuteAsync("UPDATE tasks SET generation_processed_at = NULL WHERE id = $1", second);
        await AssertRightAsync(db, store, "newest time cleared");

        await db.ExecuteAsync("UPDATE tasks SET status = 'In Progress', generation_started_at = now() + interval '2 hours' WHERE id = $1", second);
        await store.RequeueTasksAsync("gpu-a", 3, "fenced", T0, spendAttempt: true, CancellationToken.None);
        await AssertRightAsync(db, store, "requeued the newest");

        await db.ExecuteAsync("UPDATE tasks SET worker_id = 'gpu-a' WHERE id = $1", third);
        await AssertRightAsync(db, store, "reassigned from gpu-b to gpu-a");

        await db.ExecuteAsync("DELETE FROM tasks WHERE id = $1", third);
        await AssertRightAsync(db, store, "the newest deleted");

        await db.ExecuteAsync("INSERT INTO tasks (task_type, project_id, status, worker_id, generation_started_at) VALUES ('travel_segment', $1, 'In Progress', 'gpu-b', now())", project);
        await AssertRightAsync(db, store, "inserted already claimed");

        await db.ExecuteAsync("TRUNCATE tasks CASCADE");
        Assert.All((await AssertRightAsync(db, store, "truncated")).Workers, w => Assert.Null(w.LastWorkAt));
    }

    [Fact]
    public async Task A_requeue_of_the_newest_task_keeps_a_completion_committed_while_it_waited()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        var project = await db.AddUserAsync();
        await db.AddWorkerRowAsync("gpu-a");
        var newest = await db.AddTaskAsync(project, "travel_segment", T0);
        var older = await db.AddTaskAsync(project, "travel_segment", T0);
        await db.ExecuteAsync("UPDATE tasks SET status = 'In Progress', worker_id = 'gpu-a', generation_started_at = $2 WHERE id = $1", newest, T0.AddMinutes(10));
        await db.ExecuteAsync("UPDATE tasks SET status = 'In Progress', worker_id = 'gpu-a', generation_started_at = $2 WHERE id = $1", older, T0.AddMinutes(5));

        // The completion holds gpu-a's row (the trigger raised it) until it commits.
        await using var completing = await db.DataSource.OpenConnectionAsync();
        await using var transaction = await completing.BeginTransactionAsync();
        await using (var complete = new NpgsqlCommand("UPDATE tasks SET status = 'Complete', generation_processed_at = $2 WHERE id = $1", completing, transaction))
        {
            complete.Parameters.AddWithValue(older);
            complete.Parameters.AddWithValue(T0.AddMinutes(20));
            await complete.ExecuteNonQueryAsync();
        }
        // The requeue of the newest task must read gpu-a's newest remaining work: it waits for that row.
        await using var requeuing = await db.DataSource.OpenConnectionAsync();
        var requeuePid = requeuing.ProcessID;
        var requeue = Task.Run(async () =>
        {
            await using var command = new NpgsqlCommand("UPDATE tasks SET status = 'Queued', worker_id = NULL, generation_started_at = NULL WHERE id = $1", requeuing);
            command.Parameters.AddWithValue(newest);
            await command.ExecuteNonQueryAsync();
        });
        while (!await db.ScalarAsync<bool>("SELECT EXISTS (SELECT FROM pg_stat_activity WHERE pid = $1 AND wait_event_type = 'Lock')", requeuePid))
        {
            Assert.False(requeue.IsCompleted, "the requeue did not wait for the completing transaction's row");
            await Task.Delay(10);
        }
        await transaction.CommitAsync();
        await requeue;

        Assert.Equal(T0.AddMinutes(20).UtcDateTime, await db.ScalarAsync<DateTime>("SELECT last_work_at FROM orchestrator_worker_work WHERE worker_id = 'gpu-a'"));
        Assert.Empty(await db.ScalarAsync<string[]>(Wrong));
    }

    /// <summary>No worker's stored last work differs from its tasks', and the observation reports it (returned).</summary>
    private static async Task<StoreObservation> AssertRightAsync(StoreTestDatabase db, IFleetStore store, string step)
    {
        var wrong = await db.ScalarAsync<string[]>(Wrong);
        Assert.True(wrong.Length == 0, $"after '{step}': {string.Join(", ", wrong)} wrong");
        var observation = await store.ObserveAsync(new ObservationRequest(DateTimeOffset.UtcNow, [], TimeSpan.FromMinutes(30)), CancellationToken.None);
        Assert.Equal(2, observation.Workers.Count);
        foreach (var worker in observation.Workers)
        {
            var truth = await db.ScalarAsync<DateTime?>(
                "SELECT max(greatest(generation_started_at, generation_processed_at)) FROM tasks WHERE worker_id = $1", worker.Id);
            Assert.True(truth == worker.LastWorkAt?.UtcDateTime, $"after '{step}': {worker.Id} observed {worker.LastWorkAt:O}, its tasks say {truth:O}");
        }
        return observation;
    }
}
