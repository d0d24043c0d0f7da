using System.Diagnostics;
using Orchestrator.Tests.RunPod;
using Orchestrator.Tests.Store;
using Xunit;
using Xunit.Abstractions;

namespace Orchestrator.Tests.Service;

/// <summary>
/// Issue #5: two <c>orchestrator run</c> processes against one real PostgreSQL (the clustered Quartz job
/// store). Only one runs a cycle at a time; when the active one is killed (SIGKILL, so it never says
/// goodbye and simply stops checking in) the other recovers its trigger and keeps cycling.
/// </summary>
[Collection(PostgresCollection.Name)]
[Trait("Binary", "process")] // also run against the native executable by .ci/run
public sealed class FailoverTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan TakeoverLimit = TimeSpan.FromSeconds(30);
    private const string Quartz = "orchestrator_quartz.qrtz_";

    [Fact]
    public async Task Killing_the_active_process_hands_the_cycle_to_the_other_without_overlap()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await using var backend = await FakeBackend.StartAsync();
        var environment = ChildEnvironment(db.ConnectionString, backend);
        await using var a = ServiceProcess.Start("failover-a", new Dictionary<string, string>(environment) { ["ORCHESTRATOR_INSTANCE_ID"] = "failover-a" });
        await using var b = ServiceProcess.Start("failover-b", new Dictionary<string, string>(environment) { ["ORCHESTRATOR_INSTANCE_ID"] = "failover-b" });
        var nodes = new[] { a, b };

        await WaitAsync(() => a.Cycles.Count + b.Cycles.Count >= 6, StartLimit, "6 cycles", nodes);
        Assert.Equal(2L, await db.ScalarAsync<long>($"SELECT count(*) FROM {Quartz}scheduler_state WHERE instance_name IN ('failover-a', 'failover-b')"));

        var victim = await ActiveAsync(db, nodes);
        var survivor = nodes.Single(n => n != victim);
        var clock = Stopwatch.StartNew();
        var killedAt = DateTimeOffset.UtcNow;
        await victim.KillAsync();
        var heldTrigger = await db.ScalarAsync<long>($"SELECT count(*) FROM {Quartz}fired_triggers WHERE instance_name = $1", victim.Node) > 0;

        await WaitAsync(() => survivor.Cycles.Any(c => Start(c) > killedAt), TakeoverLimit, $"{survivor.Node} to run a cycle after {victim.Node} was killed", nodes);
        var takeover = survivor.Cycles.Where(c => Start(c) > killedAt).Min(Start) - killedAt;
        await WaitAsync(() => survivor.Cycles.Count(c => Start(c) > killedAt) >= 4, TakeoverLimit, $"{survivor.Node} to keep cycling", nodes);
        var forgotten = await db.ScalarAsync<long>($"SELECT count(*) FROM {Quartz}scheduler_state WHERE instance_name = $1", victim.Node) == 0;
        output.WriteLine($"killed {victim.Node} (holding the cycle trigger: {(heldTrigger ? "yes" : "no")}); {survivor.Node} ran its first cycle {takeover.TotalSeconds:0.00} s later; 4 cycles after {clock.Elapsed.TotalSeconds:0.0} s");

        Assert.True(forgotten, $"{survivor.Node} recovered {victim.Node}'s state: its check-in row is gone");
        Assert.Equal(0, await survivor.TerminateAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("\"event_id\":5071", survivor.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("\"logger\":\"Npgsql.", survivor.Output, StringComparison.Ordinal); // not every SQL statement at INFO
        await AssertOneAtATimeAsync(db, nodes);
        Assert.All(victim.Cycles, c => Assert.True(c.LoggedAt <= killedAt));
    }

    /// <summary>The database is the store and the job store; RunPod is the test's loopback fake, SSH the test key.</summary>
    private static Dictionary<string, string> ChildEnvironment(string connectionString, FakeBackend backend) => backend.Environment(
        ("SUPABASE_DB_URL", connectionString),
        ("MIN_ACTIVE_GPUS", "0"),
        ("ORCHESTRATOR_POLL_SEC", "1"),
        ("ORCHESTRATOR_CLUSTER_CHECKIN_SEC", "1"),
        ("SHUTDOWN_TIMEOUT_SEC", "20"));

    /// <summary>The process holding the cycle's trigger right now (acquired or executing): the one that acts.</summary>
    private static async Task<ServiceProcess> ActiveAsync(StoreTestDatabase db, ServiceProcess[] nodes)
    {
        var deadline = DateTime.UtcNow + TakeoverLimit;
        while (DateTime.UtcNow < deadline)
        {
            var holder = await db.ScalarAsync<string?>(
                $"SELECT instance_name FROM {Quartz}fired_triggers WHERE instance_name IN ('failover-a', 'failover-b') ORDER BY fired_time DESC LIMIT 1");
            if (holder is not null)
            {
                return nodes.Single(n => n.Node == holder);
            }
            await Task.Delay(10);
        }
        throw new TimeoutException("no process acquired the cycle trigger within " + TakeoverLimit);
    }

    /// <summary>
    /// Every logged cycle has its <c>cycle</c> row (written with the cycle's start); ordered by start, each
    /// cycle begins after the previous one, on either process, ended.
    /// </summary>
    private static async Task AssertOneAtATimeAsync(StoreTestDatabase db, ServiceProcess[] nodes)
    {
        var logged = nodes.SelectMany(n => n.Cycles).ToList();
        var starts = await CycleStartsAsync(db);
        Assert.All(logged, c => Assert.True(starts.ContainsKey(c.CycleId), $"cycle {c.CycleId} of {c.Node} has no cycle row"));
        var ordered = logged.Select(c => (c.Node, Start: starts[c.CycleId], End: starts[c.CycleId].AddMilliseconds(c.DurationMs))).OrderBy(c => c.Start).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            Assert.True(ordered[i].Start >= ordered[i - 1].End,
                $"cycle of {ordered[i].Node} at {ordered[i].Start:O} began before the cycle of {ordered[i - 1].Node} ended at {ordered[i - 1].End:O}");
        }
    }

    private static async Task<Dictionary<Guid, DateTimeOffset>> CycleStartsAsync(StoreTestDatabase db)
    {
        await using var command = db.DataSource.CreateCommand("SELECT cycle_id, at FROM orchestrator_events WHERE kind = 'cycle'");
        await using var reader = await command.ExecuteReaderAsync();
        var starts = new Dictionary<Guid, DateTimeOffset>();
        while (await reader.ReadAsync())
        {
            starts[reader.GetGuid(0)] = reader.GetFieldValue<DateTimeOffset>(1);
        }
        return starts;
    }

    private static DateTimeOffset Start(LoggedCycle cycle) => cycle.LoggedAt.AddMilliseconds(-cycle.DurationMs);

    /// <summary>Polls until <paramref name="condition"/> holds; on timeout fails with both processes' output. A liveness bound, not a timing assertion.</summary>
    private static async Task WaitAsync(Func<bool> condition, TimeSpan limit, string what, ServiceProcess[] nodes)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline || nodes.All(n => n.HasExited))
            {
                var tails = string.Join("\n", nodes.Select(n => $"--- {n.Node} ({n.Cycles.Count} cycles, exited: {n.HasExited}):\n{Tail(n.Output)}"));
                throw new TimeoutException($"gave up after {limit.TotalSeconds:0} s waiting for: {what}\n{tails}");
            }
            await Task.Delay(50);
        }
    }

    private static string Tail(string text) => text.Length <= 4000 ? text : text[^4000..];
}
