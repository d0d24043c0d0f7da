using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Simulation;
using Orchestrator.TestSupport;
using Orchestrator.Tests.Store;
using Quartz;
using Xunit;

namespace Orchestrator.Tests.Service;

/// <summary>
/// Two replicas against one real PostgreSQL (the clustered Quartz job store): only one runs a cycle at a
/// time, together they spawn exactly what one would, and when the active one stops the other carries on.
/// Regression for the Python service's overlapping deploys that double-spawned.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Two_replicas_never_overlap_spawn_once_and_survive_losing_the_active_one()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        var now = DateTimeOffset.UtcNow;
        foreach (var user in new[] { await db.AddUserAsync(), await db.AddUserAsync() })
        {
            for (var i = 0; i < 3; i++)
            {
                await db.AddTaskAsync(user, "travel_segment", now.AddSeconds(-i));
            }
        }
        var memory = new InMemoryGpuCloud();
        var cloud = new SlowGpuCloud(memory, TimeSpan.FromMilliseconds(300));
        var cycles = new ConcurrentQueue<RecordedCycle>();
        var settings = ServiceNodes.Settings(db.ConnectionString);
        settings["MAX_SPAWNS_PER_CYCLE"] = "1";
        var nodes = new Dictionary<string, Orchestrator.Service.ServiceHost>
        {
            ["node-a"] = ServiceNodes.Build("node-a", settings, cloud, cycles),
            ["node-b"] = ServiceNodes.Build("node-b", settings, cloud, cycles),
        };
        try
        {
            await Task.WhenAll(nodes.Values.Select(n => n.Host.StartAsync()));
            await ServiceNodes.WaitUntilAsync(() => cycles.Count >= 12, TimeSpan.FromSeconds(60), "12 cycles across both replicas");

            Assert.Equal(6, memory.CreateCalls);
            Assert.Equal(6L, await db.ScalarAsync<long>("SELECT count(*) FROM orchestrator_workers"));
            Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM orchestrator_quartz.qrtz_job_details"));

            var active = cycles.Last().Node;
            var survivor = nodes.Keys.Single(k => k != active);
            var scheduler = await nodes[active].Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
            await scheduler.Shutdown(waitForJobsToComplete: false);
            var before = cycles.Count(c => c.Node == survivor);
            await db.AddTaskAsync(await db.AddUserAsync(), "travel_segment", DateTimeOffset.UtcNow);
            await db.AddTaskAsync(await db.AddUserAsync(), "travel_segment", DateTimeOffset.UtcNow);
            await ServiceNodes.WaitUntilAsync(() => cycles.Count(c => c.Node == survivor) >= before + 4, TimeSpan.FromSeconds(60), $"{survivor} to keep cycling");

            Assert.Equal(8, memory.CreateCalls);
            AssertNoOverlap(cycles.ToList());
            Assert.All(cycles, c => Assert.True(c.Succeeded));
        }
        finally
        {
            foreach (var node in nodes.Values)
            {
                await node.Host.StopAsync();
                await node.DisposeAsync();
            }
        }
    }

    private static void AssertNoOverlap(List<RecordedCycle> cycles)
    {
        var ordered = cycles.OrderBy(c => c.Start).ToList();
        Assert.Contains(ordered, c => c.Node == "node-a");
        Assert.Contains(ordered, c => c.Node == "node-b");
        for (var i = 1; i < ordered.Count; i++)
        {
            Assert.True(ordered[i].Start >= ordered[i - 1].End,
                $"cycle of {ordered[i].Node} at {ordered[i].Start:O} began before the cycle of {ordered[i - 1].Node} ended at {ordered[i - 1].End:O}");
        }
    }
}
