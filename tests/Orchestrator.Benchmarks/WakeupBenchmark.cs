using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using System.Text.Json;
using Orchestrator.Cli;
using Orchestrator.Core.Cycle;
using Orchestrator.Core.Ports;
using Orchestrator.Postgres;
using Orchestrator.Service;
using Orchestrator.TestSupport;

namespace Orchestrator.Benchmarks;

/// <summary>
/// <c>wakeup [--iterations N] [--poll S] [--json]</c>: the time from a task being queued (its INSERT committed,
/// no workers) to the pod create call, with the NOTIFY wake-up and with polling only, side by side. Each
/// sample is a fresh database and a fresh service (the real host, scheduler and store; the in-memory
/// cloud and bootstrapper in place of RunPod and SSH); the task is inserted at a random phase of the poll interval after the start-up cycle.
/// </summary>
public static class WakeupBenchmark
{
    private const string InsertTask = """
        WITH u AS (INSERT INTO users (id, credits) VALUES (gen_random_uuid(), 100) RETURNING id),
             p AS (INSERT INTO projects (id, user_id) SELECT gen_random_uuid(), id FROM u RETURNING id)
        INSERT INTO tasks (task_type, project_id) SELECT 'travel_segment', id FROM p
        """;

    public static async Task<int> RunAsync(int iterations, int poll, bool json, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        await (json ? error : output).WriteLineAsync("starting a throwaway PostgreSQL...").ConfigureAwait(false);
        await using var server = await ThrowawayPostgres.StartAsync(cancellationToken).ConfigureAwait(false);
        await server.CreateDatabaseAsync("wakeup_template", cancellationToken: cancellationToken).ConfigureAwait(false);
        await server.LoadSchemaAsync("wakeup_template", cancellationToken).ConfigureAwait(false);
        var random = new Random(42);
        var notify = new List<double>();
        var polling = new List<double>();
        for (var i = 0; i < iterations; i++)
        {
            var phase = TimeSpan.FromSeconds(random.NextDouble() * poll);
            notify.Add(await SampleAsync(server, $"wake_n{i}", poll, wake: true, phase, cancellationToken).ConfigureAwait(false));
            polling.Add(await SampleAsync(server, $"wake_p{i}", poll, wake: false, phase, cancellationToken).ConfigureAwait(false));
        }
        var report = json
            ? JsonSerializer.Serialize(new { poll_sec = poll, samples = notify.Select((v, i) => new { notify_ms = v, poll_only_ms = polling[i] }) }, BenchCommand.Json)
            : Report(notify, polling, poll);
        await output.WriteLineAsync(report).ConfigureAwait(false);
        return BenchCommand.Ok;
    }

    private static async Task<double> SampleAsync(ThrowawayPostgres server, string database, int poll, bool wake, TimeSpan phase, CancellationToken cancellationToken)
    {
        await server.CreateDatabaseAsync(database, "wakeup_template", cancellationToken).ConfigureAwait(false);
        var cloud = new CreateTimingCloud(new InMemoryGpuCloud());
        var signal = new CycleSignal();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(FakeAdapters.Offline(new Dictionary<string, string?>
        {
            ["SUPABASE_DB_URL"] = server.ConnectionString(database),
            ["MIN_ACTIVE_GPUS"] = "0",
            ["ORCHESTRATOR_POLL_SEC"] = poll.ToString(CultureInfo.InvariantCulture),
            ["ORCHESTRATOR_WAKE_ON_NOTIFY"] = wake ? "true" : "false",
            ["LOG_LEVEL"] = "ERROR",
        })).Build();
        var host = ServiceHost.Build(new CommandContext([], configuration, TextWriter.Null, Console.Error), services =>
        {
            services.Use<IGpuCloud>(cloud);
            services.Use<IWorkerBootstrapper>(new ScriptedBootstrapper());
            services.AddSingleton<ICycleObserver>(signal);
        }) ?? throw new InvalidOperationException("benchmark configuration rejected");
        await using (host.ConfigureAwait(false))
        {
            await host.Host.StartAsync(cancellationToken).ConfigureAwait(false);
            await signal.FirstCycle.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
            await Task.Delay(phase, cancellationToken).ConfigureAwait(false);
            await using (var insert = FleetDataSource.Create(server.ConnectionString(database)))
            await using (var command = insert.CreateCommand(InsertTask))
            {
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            var queued = Stopwatch.GetTimestamp();
            var created = await cloud.FirstCreate.WaitAsync(TimeSpan.FromSeconds(poll * 3 + 60), cancellationToken).ConfigureAwait(false);
            await host.Host.StopAsync(cancellationToken).ConfigureAwait(false);
            await server.DropDatabaseAsync(database, cancellationToken).ConfigureAwait(false);
            return Stopwatch.GetElapsedTime(queued, created).TotalMilliseconds;
        }
    }

    private static string Report(List<double> notify, List<double> polling, int poll)
    {
        var lines = new List<string>
        {
            $"queued -> pod create call, {notify.Count} samples per mode, poll interval {poll} s, task queued at a random phase of the interval",
            "sample   notify_ms   poll_only_ms",
        };
        lines.AddRange(notify.Select((v, i) => string.Create(CultureInfo.InvariantCulture, $"{i + 1,6} {v,11:0.0} {polling[i],14:0.0}")));
        lines.Add(Stat("mean", notify.Average(), polling.Average()));
        lines.Add(Stat("p50", Median(notify), Median(polling)));
        lines.Add(Stat("max", notify.Max(), polling.Max()));
        return string.Join(Environment.NewLine, lines);
    }

    private static string Stat(string name, double notify, double polling) =>
        string.Create(CultureInfo.InvariantCulture, $"{name,6} {notify,11:0.0} {polling,14:0.0}");

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
