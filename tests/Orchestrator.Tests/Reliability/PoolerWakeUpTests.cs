using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Cli;
using Orchestrator.Observability;
using Orchestrator.Service;
using Orchestrator.TestSupport;
using Orchestrator.Tests.RunPod;
using Orchestrator.Tests.Service;
using Orchestrator.Tests.Store;
using Xunit;
using Xunit.Abstractions;
using ServiceCli = Orchestrator.Tests.Service.Cli;

namespace Orchestrator.Tests.Reliability;

/// <summary>
/// Issue 15 item 3, a wake-up that survives the pooler: the service behind Debian's PgBouncer in
/// <c>pool_mode=transaction</c> (Supabase's pooler on port 6543). LISTEN is accepted there but nothing is
/// delivered: the listener's test NOTIFY says so (status, gauge, <c>check</c>), and polling carries on. With
/// <c>SUPABASE_DB_LISTEN_URL</c> on the direct server, LISTEN works while everything else goes through the pooler,
/// and a queued task wakes the cycle with the poll an hour away.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PoolerWakeUpTests(PostgresFixture postgres, ITestOutputHelper output)
{
    [Fact]
    public async Task Through_a_transaction_pooler_the_listener_reports_not_delivered_and_polls()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await using var bouncer = await PgBouncer.StartAsync(postgres.Server);
        var settings = ServiceNodes.Settings(bouncer.ConnectionString(db.Name), pollSec: "1");
        var (memory, cycles) = (new InMemoryGpuCloud(), new ConcurrentQueue<RecordedCycle>());
        await using var node = ServiceNodes.Build("pooled", settings, memory, cycles);
        var clock = Stopwatch.StartNew();
        await node.Host.StartAsync();
        try
        {
            var listener = node.Services.GetRequiredService<TaskQueueListener>();
            await ServiceNodes.WaitUntilAsync(() => listener.Status != WakeUpStatus.Starting, TimeSpan.FromSeconds(60), "the listener's test NOTIFY");
            output.WriteLine($"through pgbouncer (transaction): {listener.Status} after {clock.Elapsed.TotalSeconds:0.0} s");
            Assert.Equal(WakeUpStatus.NotDelivered, listener.Status);
            Assert.Contains("orchestrator_wakeup_listener_delivering 0", await node.Services.GetRequiredService<FleetMetrics>().RenderAsync(), StringComparison.Ordinal);

            await db.AddTaskAsync(await db.AddUserAsync(), "travel_segment", DateTimeOffset.UtcNow);
            await ServiceNodes.WaitUntilAsync(() => memory.CreateCalls == 1, TimeSpan.FromSeconds(60), "a polled cycle to spawn for the task");
            Assert.Equal(0, listener.Notifications);
        }
        finally
        {
            await node.Host.StopAsync();
        }
    }

    [Fact]
    public async Task With_the_listen_url_a_queued_task_wakes_the_cycle_through_the_pooler()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await using var bouncer = await PgBouncer.StartAsync(postgres.Server);
        var settings = ServiceNodes.Settings(bouncer.ConnectionString(db.Name), pollSec: "3600");
        settings["SUPABASE_DB_LISTEN_URL"] = db.ConnectionString;
        var (memory, cycles) = (new InMemoryGpuCloud(), new ConcurrentQueue<RecordedCycle>());
        await using var node = ServiceNodes.Build("listen-url", settings, memory, cycles);
        await node.Host.StartAsync();
        try
        {
            var listener = node.Services.GetRequiredService<TaskQueueListener>();
            await ServiceNodes.WaitUntilAsync(() => listener.Status != WakeUpStatus.Starting && !cycles.IsEmpty, TimeSpan.FromSeconds(60), "the test NOTIFY and the start-up cycle");
            Assert.Equal(WakeUpStatus.Delivered, listener.Status);
            Assert.Contains("orchestrator_wakeup_listener_delivering 1", await node.Services.GetRequiredService<FleetMetrics>().RenderAsync(), StringComparison.Ordinal);

            var clock = Stopwatch.StartNew();
            await db.AddTaskAsync(await db.AddUserAsync(), "travel_segment", DateTimeOffset.UtcNow);
            await ServiceNodes.WaitUntilAsync(() => memory.CreateCalls == 1, TimeSpan.FromSeconds(60), "a woken cycle to spawn (the poll is an hour away)");
            output.WriteLine($"with SUPABASE_DB_LISTEN_URL, store through pgbouncer (transaction): queued -> create call {clock.Elapsed.TotalMilliseconds:0} ms (poll 3600 s)");
            Assert.True(listener.Notifications >= 1);
        }
        finally
        {
            await node.Host.StopAsync();
        }
    }

    [Fact]
    public async Task Check_reports_the_wake_up_through_the_pooler_and_with_the_listen_url()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await using var bouncer = await PgBouncer.StartAsync(postgres.Server);
        await using var backend = await FakeBackend.StartAsync();
        var pooled = ServiceCli.Settings(bouncer.ConnectionString(db.Name), backend);

        var (exit, text, _) = await ServiceCli.RunAsync(pooled, "check");
        pooled["SUPABASE_DB_LISTEN_URL"] = db.ConnectionString;
        var (fixedExit, fixedText, _) = await ServiceCli.RunAsync(pooled, "check");

        var line = Assert.Single(text.Split('\n'), l => l.Contains(" wake-up: ", StringComparison.Ordinal));
        output.WriteLine(line);
        Assert.StartsWith("FAIL wake-up: not delivered", line, StringComparison.Ordinal);
        Assert.Contains("SUPABASE_DB_LISTEN_URL", line, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Failed, exit);
        var fixedLine = Assert.Single(fixedText.Split('\n'), l => l.Contains(" wake-up: ", StringComparison.Ordinal));
        output.WriteLine(fixedLine);
        Assert.StartsWith("OK   wake-up: a test NOTIFY arrived through SUPABASE_DB_LISTEN_URL", fixedLine, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, fixedExit);
    }
}
