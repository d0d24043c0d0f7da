using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orchestrator.Cli;
using Orchestrator.Simulation;
using Orchestrator.TestSupport;
using Orchestrator.Service;
using Orchestrator.Tests.Store;
using Orchestrator.Tests.RunPod;
using Xunit;

namespace Orchestrator.Tests.Service;

/// <summary>
/// Wake-up on demand: the migration's trigger NOTIFYs when a task becomes Queued, and the service runs a
/// cycle for it without waiting for the poll. Latency is measured by <c>bench wakeup</c>, not asserted here.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class WakeUpTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_task_inserted_or_requeued_sends_a_notification()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await using var listener = new NpgsqlConnection(db.ConnectionString);
        await listener.OpenAsync();
        var received = new ConcurrentQueue<string>();
        listener.Notification += (_, e) => received.Enqueue(e.Channel);
        await using (var listen = new NpgsqlCommand($"LISTEN {TaskQueueListener.Channel}", listener))
        {
            await listen.ExecuteNonQueryAsync();
        }

        var task = await db.AddTaskAsync(await db.AddUserAsync(), "travel_segment", DateTimeOffset.UtcNow);
        Assert.True(await listener.WaitAsync(TimeSpan.FromSeconds(30)));
        await db.ExecuteAsync("UPDATE tasks SET status = 'In Progress' WHERE id = $1", task);
        await db.ExecuteAsync("UPDATE tasks SET status = 'Queued' WHERE id = $1", task);
        Assert.True(await listener.WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal([TaskQueueListener.Channel, TaskQueueListener.Channel], received);
    }

    [Fact]
    public async Task A_queued_task_runs_a_cycle_long_before_the_next_poll()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        var memory = new InMemoryGpuCloud();
        var cycles = new ConcurrentQueue<RecordedCycle>();
        await using var node = ServiceNodes.Build("node-a", ServiceNodes.Settings(db.ConnectionString, pollSec: "3600"), memory, cycles);
        await node.Host.StartAsync();
        try
        {
            await ServiceNodes.WaitUntilAsync(() => !cycles.IsEmpty, TimeSpan.FromSeconds(60), "the start-up cycle");
            Assert.Equal(0, memory.CreateCalls);

            await db.AddTaskAsync(await db.AddUserAsync(), "travel_segment", DateTimeOffset.UtcNow);
            await ServiceNodes.WaitUntilAsync(() => memory.CreateCalls == 1, TimeSpan.FromSeconds(60), "a woken cycle to spawn (the poll is an hour away)");

            Assert.True(node.Services.GetRequiredService<TaskQueueListener>().Notifications >= 1);
        }
        finally
        {
            await node.Host.StopAsync();
        }
    }

    [Fact]
    public async Task Migrate_is_idempotent_and_skips_the_trigger_without_a_tasks_table()
    {
        await using var db = await postgres.CreateEmptyDatabaseAsync();
        await using var backend = await FakeBackend.StartAsync();
        var settings = Cli.Settings(db.ConnectionString, backend);

        var first = await Cli.RunAsync(settings, "migrate");
        var second = await Cli.RunAsync(settings, "migrate");

        Assert.Equal(ExitCodes.Ok, first.Exit);
        Assert.Contains("002_quartz.sql", first.Out, StringComparison.Ordinal);
        Assert.Contains("003_task_notify.sql", first.Out, StringComparison.Ordinal);
        Assert.Equal("schema up to date", second.Out.Trim());
        Assert.Equal(15L, await db.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE schemaname = 'orchestrator_quartz'"));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM pg_trigger WHERE tgname = 'orchestrator_task_queued'"));
    }
}
