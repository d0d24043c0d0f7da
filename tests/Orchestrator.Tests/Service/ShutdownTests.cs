using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orchestrator.Simulation;
using Orchestrator.TestSupport;
using Orchestrator.Tests.RunPod;
using Orchestrator.Tests.Store;
using Xunit;

namespace Orchestrator.Tests.Service;

/// <summary>
/// A stop (what SIGTERM/SIGINT become) while a pod create is on the wire: the create and its row finish,
/// no further spawn starts, and after the next cycle the database and the cloud agree.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ShutdownTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Stop_during_a_spawn_leaves_no_row_without_pod_or_pod_without_row()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        var project = await db.AddUserAsync();
        for (var i = 0; i < 3; i++)
        {
            await db.AddTaskAsync(project, "travel_segment", DateTimeOffset.UtcNow.AddSeconds(-i));
        }
        var memory = new InMemoryGpuCloud();
        var cloud = new SlowGpuCloud(memory, TimeSpan.FromSeconds(1.5));
        var cycles = new ConcurrentQueue<RecordedCycle>();
        var settings = ServiceNodes.Settings(db.ConnectionString, pollSec: "600");

        await using (var first = ServiceNodes.Build("node-a", settings, cloud, cycles))
        {
            var running = first.RunAsync(CancellationToken.None);
            await cloud.FirstCreateStarted.WaitAsync(TimeSpan.FromSeconds(60));
            first.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
            await running.WaitAsync(TimeSpan.FromSeconds(60));
        }

        Assert.Equal(1, memory.CreateCalls);
        var pod = Assert.Single(memory.Pods);
        Assert.Equal(pod.Id, await db.ScalarAsync<string>("SELECT pod_id FROM orchestrator_workers WHERE worker_id = $1 AND state = 'spawning'", pod.Name));

        await using (var next = ServiceNodes.Build("node-b", settings, cloud, cycles))
        {
            await next.Host.StartAsync();
            await ServiceNodes.WaitUntilAsync(() => cycles.Any(c => c.Node == "node-b"), TimeSpan.FromSeconds(60), "the next cycle");
            await next.Host.StopAsync();
        }

        Assert.Equal(3, memory.Pods.Count);
        var rows = await LiveWorkersAsync(db);
        Assert.Equal(memory.Pods.Select(p => (p.Name, p.Id)).OrderBy(p => p.Name), rows.OrderBy(r => r.Name));
    }

    [Fact]
    [Trait("Binary", "process")] // also run against the native executable by .ci/run
    public async Task Run_exits_0_on_SIGTERM()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await using var backend = await FakeBackend.StartAsync();
        var start = ServiceProcess.StartInfo("run");
        foreach (var (name, value) in backend.Environment(("SUPABASE_DB_URL", db.ConnectionString), ("MIN_ACTIVE_GPUS", "0")))
        {
            start.Environment[name] = value;
        }
        start.Environment["ORCHESTRATOR_POLL_SEC"] = "1";
        start.Environment["LOG_FORMAT"] = "text";
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var firstCycle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }
            if (e.Data?.Contains(" done in ", StringComparison.Ordinal) == true)
            {
                firstCycle.TrySetResult();
            }
        };
        process.BeginOutputReadLine();
        await firstCycle.Task.WaitAsync(TimeSpan.FromSeconds(60));

        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, process.ExitCode);
        lock (output)
        {
            Assert.Contains("Service stopped", output.ToString(), StringComparison.Ordinal);
        }
    }

    /// <summary>SIGTERM while the cycle waits on RunPod reads being retried: a stop, logged as information, not an error.</summary>
    [Fact]
    [Trait("Binary", "process")]
    public async Task A_stop_during_a_retried_read_is_an_ordinary_stop_not_a_failed_cycle()
    {
        await using var db = await postgres.CreateDatabaseAsync();
        await using var backend = await FakeBackend.StartAsync();
        await using var service = ServiceProcess.Start("stop-while-reading", backend.Environment(("SUPABASE_DB_URL", db.ConnectionString),
            ("MIN_ACTIVE_GPUS", "0"), ("RUNPOD_API_BASE_URL", $"http://127.0.0.1:{LoopbackPort.Free()}/graphql")));
        var waited = Stopwatch.StartNew();
        while (!service.Output.Contains("\"event\":\"RunPodCallRetrying\"", StringComparison.Ordinal))
        {
            Assert.False(service.HasExited, service.Output);
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), "no RunPod retry within 60 s: " + service.Output);
            await Task.Delay(50);
        }

        Assert.Equal(0, await service.TerminateAsync(TimeSpan.FromSeconds(60)));
        var output = service.Output;
        Assert.Contains("\"event\":\"CycleJobCancelled\"", output, StringComparison.Ordinal);
        Assert.DoesNotContain("\"event\":\"CycleJobFailed\"", output, StringComparison.Ordinal);
        Assert.DoesNotContain("\"level\":\"error\"", output, StringComparison.Ordinal);
    }

    private static async Task<List<(string Name, string Id)>> LiveWorkersAsync(StoreTestDatabase db)
    {
        await using var command = db.DataSource.CreateCommand("SELECT worker_id, pod_id FROM orchestrator_workers WHERE state <> 'terminated'");
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.IsDBNull(1) ? "(no pod)" : reader.GetString(1)));
        }
        return rows;
    }
}
