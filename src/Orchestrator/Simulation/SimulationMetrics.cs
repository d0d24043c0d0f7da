
namespace Orchestrator.Simulation;

/// <summary>Reads a finished replay's figures off the simulated parts.</summary>
internal static class SimulationMetrics
{
    public static SimulationResult Collect(SimulationRun run, TimeSpan elapsed, IReadOnlyList<SimulationSample> series, TimeSpan replayTime)
    {
        var now = run.Now;
        var tasks = run.Store.Tasks;
        var done = tasks.Where(t => t.Status == TaskStatuses.Complete).ToList();
        var waits = done.Select(t => (t.StartedAt!.Value - t.CreatedAt).TotalSeconds).Order().ToList();
        var pods = run.Cloud.AllPods;
        var billedHours = pods.Sum(p => p.Billed(now).TotalHours);
        var cost = pods.Sum(p => p.Cost(now));
        var useful = done.Sum(t => run.Durations[t.Id].TotalHours);
        var booting = pods.Sum(p => ((run.Workers.FirstBeatOf(p.Name) ?? p.TerminatedAt ?? now) - p.CreatedAt).TotalHours);
        return new SimulationResult
        {
            Scenario = run.Scenario.Name,
            Policy = run.PolicyName,
            Seed = run.Setup.Seed,
            SimulatedHours = Math.Round(elapsed.TotalHours, 2),
            TasksTotal = tasks.Count,
            TasksDone = done.Count,
            TasksFailed = tasks.Count(t => t.Status == TaskStatuses.Failed),
            TasksUnfinished = tasks.Count(t => t.Status is TaskStatuses.Queued or TaskStatuses.InProgress),
            WaitP50Seconds = Percentile(waits, 0.50),
            WaitP95Seconds = Percentile(waits, 0.95),
            WaitMaxSeconds = waits.Count == 0 ? 0 : Math.Round(waits[^1], 1),
            GpuHoursBilled = Math.Round(billedHours, 2),
            CostUsd = Math.Round(cost, 2),
            UsefulGpuHours = Math.Round(useful, 2),
            BootGpuHours = Math.Round(booting, 2),
            OverheadRatio = useful > 0 ? Math.Round(billedHours / useful, 2) : 0,
            PodsCreated = pods.Count,
            FailedCreates = run.Cloud.FailedCreates,
            PodsKilledIdle = run.Workers.IdleKills,
            BootThenKillChurn = pods.Count(p => !p.IsLive && run.Workers.TasksDoneBy(p.Name) == 0),
            MaxConcurrentPods = run.MaxPods,
            BusyKills = run.Workers.BusyKills,
            MaxPodsExceeded = run.MaxExceeded,
            PodsBillingAtEnd = pods.Count(p => p.IsLive),
            WorkerCrashes = run.Workers.Crashes,
            SpotPods = pods.Count(p => p.Spot),
            SpotInterruptions = pods.Count(p => p.InterruptAt is { } at && at <= (p.TerminatedAt ?? now)),
            SpotRefusals = run.Cloud.SpotRefusals,
            InterruptedWorkers = run.Store.Workers.Count(w => w.Reason == Core.Domain.ReasonCodes.SpotInterrupted),
            MaxAttemptsOfDone = done.Count == 0 ? 0 : done.Max(t => t.Attempts),
            Cycles = run.Cycles,
            Series = series,
            ReplayTime = replayTime,
        };
    }

    /// <summary>Nearest-rank percentile of sorted values, rounded to 0.1 s; 0 when empty.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0)
        {
            return 0;
        }
        var rank = (int)Math.Ceiling(p * sorted.Count) - 1;
        return Math.Round(sorted[Math.Clamp(rank, 0, sorted.Count - 1)], 1);
    }
}
