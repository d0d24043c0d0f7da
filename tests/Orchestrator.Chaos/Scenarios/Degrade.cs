using System.Diagnostics;
using System.Globalization;
using Orchestrator.TestSupport;

namespace Orchestrator.Chaos.Scenarios;

/// <summary>
/// The degrade benchmark (issue 15 item 1): two replicas, the same fixed demand schedule (a burst every 10 s of
/// 0 to 6 tasks of 2 to 6 s, from the seed) for <see cref="ChaosScale.DegradeRun"/>, once without faults and once
/// with 50 % of RunPod calls failing (503, 429 with Retry-After, hangs, lost answers). Prints pods created and
/// tasks completed within the window for each, and the faulted run's share of the fault-free one (goal: at least
/// 80 %), besides the usual invariants after a drain.
/// </summary>
public sealed class Degrade : IChaosScenario
{
    private static readonly int[] Bursts = [1, 4, 2, 6, 0, 3, 5, 2, 0, 4, 1, 6, 3, 0, 2, 5];

    public string Name => "degrade";
    public bool InShortForm => false;

    public async Task<IReadOnlyList<ChaosFigures>> RunAsync(ThrowawayPostgres postgres, ChaosScale scale, TextWriter progress)
    {
        var clean = await RunOnceAsync(postgres, scale, 0, progress).ConfigureAwait(false);
        var faulted = await RunOnceAsync(postgres, scale, 0.5, progress).ConfigureAwait(false);
        var share = clean.Pods == 0 ? 0 : (double)faulted.Pods / clean.Pods;
        var served = clean.Completed == 0 ? 0 : (double)faulted.Completed / clean.Completed;
        var summary = faulted.Figures with
        {
            Scenario = "degrade",
            Detail = string.Create(CultureInfo.InvariantCulture,
                $"pods created in {scale.DegradeRun.TotalMinutes:0} min: fault-free {clean.Pods}, at 50 % faults {faulted.Pods} ({share:P0}, goal >= 80 %: {(share >= 0.8 ? "met" : "NOT met")}); tasks completed in the window {clean.Completed} / {faulted.Completed} ({served:P0}); queue wait p95 {clean.WaitP95:0.0} s / {faulted.WaitP95:0.0} s; pod-minutes {clean.PodMinutes:0} / {faulted.PodMinutes:0}"),
        };
        return [clean.Figures, faulted.Figures, summary];
    }

    private static async Task<(ChaosFigures Figures, int Pods, int Completed, double WaitP95, double PodMinutes)> RunOnceAsync(ThrowawayPostgres postgres, ChaosScale scale, double faults, TextWriter progress)
    {
        var label = faults == 0 ? "degrade-fault-free" : $"degrade-{faults * 100:0}pct-faults";
        var clock = Stopwatch.StartNew();
        await using var world = await ChaosWorld.StartAsync(postgres, label, scale.Seed).ConfigureAwait(false);
        world.StartReplica("degrade");
        world.StartReplica("degrade");
        await world.WaitForCyclesAsync(2, TimeSpan.FromSeconds(90)).ConfigureAwait(false);
        world.Proxy.FaultRate = faults;
        var window = Stopwatch.StartNew();
        for (var burst = 0; window.Elapsed < scale.DegradeRun; burst++)
        {
            await world.AddTasksAsync(Bursts[burst % Bursts.Length]).ConfigureAwait(false);
            var next = TimeSpan.FromSeconds(10 * (burst + 1)) - window.Elapsed;
            if (next > TimeSpan.Zero)
            {
                await Task.Delay(next).ConfigureAwait(false);
            }
        }
        world.Ledger.Sample();
        var pods = world.Ledger.Created;
        var completed = await world.ScalarAsync("SELECT count(*) FROM tasks WHERE status = 'Complete' AND task_type <> $1", SimulatedWorkers.PoisonType).ConfigureAwait(false);
        var podMinutes = world.Ledger.PodMinutes;
        await using var wait = world.Db.CreateCommand(
            "SELECT coalesce(percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM generation_started_at - created_at)), 0) FROM tasks WHERE generation_started_at IS NOT NULL");
        var waitP95 = Convert.ToDouble(await wait.ExecuteScalarAsync().ConfigureAwait(false), CultureInfo.InvariantCulture);
        await WriteLogsAsync(world, scale.LogDirectory, label).ConfigureAwait(false);
        await progress.WriteLineAsync($"  {label}: {pods} pods created, {completed} tasks completed in {window.Elapsed.TotalSeconds:0} s; draining").ConfigureAwait(false);
        await world.DrainAsync(scale.Drain).ConfigureAwait(false);
        var figures = await world.FiguresAsync(label, clock.Elapsed).ConfigureAwait(false);
        var detail = string.Create(CultureInfo.InvariantCulture,
            $"pods created in the window {pods}, tasks completed in the window {completed}, queue wait p95 {waitP95:0.0} s, pod-minutes {podMinutes:0}");
        return (figures with { Detail = detail }, pods, completed, waitP95, podMinutes);
    }

    /// <summary>Each replica's log so far and the proxy's call record, when --logs names a directory.</summary>
    private static async Task WriteLogsAsync(ChaosWorld world, string? directory, string label)
    {
        if (directory is null)
        {
            return;
        }
        Directory.CreateDirectory(directory);
        foreach (var replica in world.Replicas)
        {
            await File.WriteAllTextAsync(Path.Combine(directory, $"{label}.{replica.Node}.log"), replica.Output).ConfigureAwait(false);
        }
        var calls = world.Proxy.Calls.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.At:O} {c.Operation} {c.Fault}"));
        await File.WriteAllLinesAsync(Path.Combine(directory, $"{label}.proxy.log"), calls).ConfigureAwait(false);
    }
}
