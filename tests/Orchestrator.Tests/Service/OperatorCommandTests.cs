using System.Text.Json;
using Orchestrator.Cli;
using Orchestrator.Core.Ports;
using Orchestrator.Tests.Store;
using Orchestrator.Tests.RunPod;
using Xunit;

namespace Orchestrator.Tests.Service;

/// <summary><c>status</c>, <c>drain</c>, <c>pause</c>/<c>resume</c> against a real database.</summary>
[Collection(PostgresCollection.Name)]
public sealed class OperatorCommandTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Status_watch_redraws_the_view_each_interval_as_plain_blocks_or_json_lines_when_not_a_terminal()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await RegisterActiveAsync(db, "gpu-20260101_000000-aaaa0002", "pod02");
        await using var backend = await FakeBackend.StartAsync();
        var settings = Cli.Settings(db.ConnectionString, backend);

        var (exit, text, error) = await Cli.RunAsync(settings, "status", "--watch", "--interval", "0.1", "--count", "3");
        var (jsonExit, json, _) = await Cli.RunAsync(settings, "status", "--watch", "--json", "--interval", "0.1", "--count", "2");

        Assert.True(exit == ExitCodes.Ok, error);
        Assert.Equal(3, text.Split('\n').Count(l => l.StartsWith("--- ", StringComparison.Ordinal)));
        Assert.Equal(3, text.Split('\n').Count(l => l.Contains("gpu-20260101_000000-aaaa0002", StringComparison.Ordinal)));
        Assert.DoesNotContain("\u001b[", text, StringComparison.Ordinal); // not a terminal: no screen control
        Assert.Equal(ExitCodes.Ok, jsonExit);
        var lines = json.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.All(lines, l => Assert.Equal("active", JsonDocument.Parse(l).RootElement.GetProperty("workers")[0].GetProperty("state").GetString()));
    }

    [Fact]
    public async Task Status_shows_demand_and_each_worker_as_a_table_and_as_json()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        var project = await db.AddUserAsync();
        await db.AddTaskAsync(project, "travel_segment", DateTimeOffset.UtcNow.AddMinutes(-1));
        var taskId = await db.AddTaskAsync(project, "travel_segment", DateTimeOffset.UtcNow.AddMinutes(-2));
        await RegisterActiveAsync(db, "gpu-20260101_000000-aaaa0001", "pod01");
        await db.HeartbeatAsync("gpu-20260101_000000-aaaa0001");
        Assert.Equal(taskId, await db.ClaimAsync("gpu-20260101_000000-aaaa0001"));
        await using var backend = await FakeBackend.StartAsync();
        var settings = Cli.Settings(db.ConnectionString, backend);

        var (exit, table, _) = await Cli.RunAsync(settings, "status");
        var (jsonExit, json, _) = await Cli.RunAsync(settings, "status", "--json");

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("demand:  queued 1, claimable 1, running 1", table, StringComparison.Ordinal);
        Assert.Matches(@"gpu-20260101_000000-aaaa0001\s+active\s+5m\s+\d+s ago\s+1\s+travel_segment", table);
        Assert.Equal(ExitCodes.Ok, jsonExit);
        using var doc = JsonDocument.Parse(json);
        var worker = Assert.Single(doc.RootElement.GetProperty("workers").EnumerateArray());
        Assert.Equal("active", worker.GetProperty("state").GetString());
        Assert.Equal(taskId.ToString(), worker.GetProperty("current_task").GetProperty("id").GetString());
        Assert.Equal(0.69m, worker.GetProperty("cost_per_hour").GetDecimal());
        Assert.False(doc.RootElement.GetProperty("paused").GetBoolean());
    }

    [Fact]
    public async Task Drain_marks_named_or_all_workers_draining_with_the_operator_reason()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await RegisterActiveAsync(db, "gpu-20260101_000000-aaaa0001", "pod01");
        await RegisterActiveAsync(db, "gpu-20260101_000000-aaaa0002", "pod02");
        await using var backend = await FakeBackend.StartAsync();
        var settings = Cli.Settings(db.ConnectionString, backend);

        var one = await Cli.RunAsync(settings, "drain", "gpu-20260101_000000-aaaa0001");
        var unknown = await Cli.RunAsync(settings, "drain", "gpu-nope");
        var again = await Cli.RunAsync(settings, "drain", "gpu-20260101_000000-aaaa0001");
        var all = await Cli.RunAsync(settings, "drain", "--all");
        var usage = await Cli.RunAsync(settings, "drain");

        Assert.Equal(ExitCodes.Ok, one.Exit);
        Assert.Contains("draining (was active)", one.Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Failed, unknown.Exit);
        Assert.Equal(ExitCodes.Failed, again.Exit);
        Assert.Equal(ExitCodes.Ok, all.Exit);
        Assert.Equal(ExitCodes.BadInput, usage.Exit);
        Assert.Equal(2L, await db.ScalarAsync<long>("SELECT count(*) FROM orchestrator_workers WHERE state = 'draining' AND reason = 'operator-drain'"));
    }

    [Fact]
    public async Task Pause_stops_spawning_in_every_cycle_until_resume()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await db.AddTaskAsync(await db.AddUserAsync(), "travel_segment", DateTimeOffset.UtcNow);
        await using var backend = await FakeBackend.StartAsync();
        var settings = Cli.Settings(db.ConnectionString, backend);

        var pause = await Cli.RunAsync(settings, "pause", "--reason", "incident 42");
        var paused = await Cli.RunAsync(settings, "once", "--json");
        var resume = await Cli.RunAsync(settings, "resume");
        var resumed = await Cli.RunAsync(settings, "once", "--json");

        Assert.Equal(ExitCodes.Ok, pause.Exit);
        Assert.Equal(0, Spawned(paused.Out));
        Assert.Equal(ExitCodes.Ok, resume.Exit);
        Assert.Equal(1, Spawned(resumed.Out));
        Assert.Equal("operator resume", await db.ScalarAsync<string>("SELECT reason FROM orchestrator_control"));
    }

    private static int Spawned(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("actions").GetProperty("spawned").GetInt32();
    }

    private static async Task RegisterActiveAsync(StoreTestDatabase db, string workerId, string podId)
    {
        var store = db.CreateStore();
        var at = DateTimeOffset.UtcNow.AddMinutes(-5);
        await store.RegisterWorkerAsync(new WorkerRegistration(workerId, "NVIDIA GeForce RTX 4090", at, Guid.NewGuid()), default);
        await store.ApplyAsync(new WorkerChange { WorkerId = workerId, From = Core.Domain.WorkerState.Requested, To = Core.Domain.WorkerState.Spawning, At = at, Reason = "pod-created", PodId = podId, GpuType = "NVIDIA GeForce RTX 4090", CostPerHour = 0.69m }, default);
        await store.ApplyAsync(new WorkerChange { WorkerId = workerId, From = Core.Domain.WorkerState.Spawning, To = Core.Domain.WorkerState.Active, At = at, Reason = "first-heartbeat" }, default);
    }
}
