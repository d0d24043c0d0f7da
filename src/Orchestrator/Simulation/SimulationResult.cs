using System.Text.Json.Serialization;

namespace Orchestrator.Simulation;

/// <summary>The figures of one replay: one scenario, one policy, one seed.</summary>
public sealed record SimulationResult
{
    public required string Scenario { get; init; }
    public required string Policy { get; init; }
    public required int Seed { get; init; }
    public double SimulatedHours { get; init; }
    public int TasksTotal { get; init; }
    public int TasksDone { get; init; }
    public int TasksFailed { get; init; }
    public int TasksUnfinished { get; init; }
    public double WaitP50Seconds { get; init; }
    public double WaitP95Seconds { get; init; }
    public double WaitMaxSeconds { get; init; }
    public double GpuHoursBilled { get; init; }
    public decimal CostUsd { get; init; }
    public double UsefulGpuHours { get; init; }
    /// <summary>Billed from create to the worker's first heartbeat (or to terminate when it never beat).</summary>
    public double BootGpuHours { get; init; }
    /// <summary>Billed ÷ useful GPU-hours (∞ reported as 0 when nothing useful ran).</summary>
    public double OverheadRatio { get; init; }
    public int PodsCreated { get; init; }
    public int FailedCreates { get; init; }
    /// <summary>Pods terminated while their worker was up and idle (scale-down).</summary>
    public int PodsKilledIdle { get; init; }
    /// <summary>Pods terminated without their worker ever completing a task: billed boot, no work.</summary>
    public int BootThenKillChurn { get; init; }
    public int MaxConcurrentPods { get; init; }
    /// <summary>Invariant: pods terminated while their live worker held a task. Must be 0.</summary>
    public int BusyKills { get; init; }
    /// <summary>Times the live pod count exceeded MAX_ACTIVE_GPUS. Must be 0.</summary>
    public int MaxPodsExceeded { get; init; }
    public int PodsBillingAtEnd { get; init; }
    public int WorkerCrashes { get; init; }
    /// <summary>Pods rented as spot.</summary>
    public int SpotPods { get; init; }
    /// <summary>Spot pods the cloud took back (their tasks requeued without spending an attempt).</summary>
    public int SpotInterruptions { get; init; }
    /// <summary>Spot creates refused (no spot stock, bid too low), each retried on demand.</summary>
    public int SpotRefusals { get; init; }
    /// <summary>Worker rows ended with the <c>spot-interrupted</c> reason code.</summary>
    public int InterruptedWorkers { get; init; }
    /// <summary>Most attempts any completed task used (an interruption must not spend one).</summary>
    public int MaxAttemptsOfDone { get; init; }
    public int Cycles { get; init; }

    /// <summary>One sample per simulated minute (reported separately, column by column).</summary>
    [JsonIgnore]
    public IReadOnlyList<SimulationSample> Series { get; init; } = [];

    /// <summary>Wall time of the replay: a measurement, kept out of the (deterministic) report.</summary>
    [JsonIgnore]
    public TimeSpan ReplayTime { get; init; }
}
