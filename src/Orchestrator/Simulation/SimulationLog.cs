using Microsoft.Extensions.Logging;

namespace Orchestrator.Simulation;

/// <summary>Structured events of the simulator. EventIds 6000-6099.</summary>
internal static partial class SimulationLog
{
    [LoggerMessage(EventId = 6000, EventName = "SimulationStarted", Level = LogLevel.Information,
        Message = "Simulation of {Scenario} with policy {Policy} (seed {Seed}): {Tasks} tasks over {Hours:0.#} h, speed {Speed}")]
    public static partial void Started(ILogger logger, string scenario, string policy, int seed, int tasks, double hours, string speed);

    [LoggerMessage(EventId = 6001, EventName = "SimulationFinished", Level = LogLevel.Information,
        Message = "Simulation of {Scenario} with policy {Policy} done in {DurationMs} ms: {Done} tasks done, {Cost:0.00} $ billed, p95 wait {WaitP95:0} s")]
    public static partial void Finished(ILogger logger, string scenario, string policy, long durationMs, int done, decimal cost, double waitP95);

    [LoggerMessage(EventId = 6002, EventName = "SimulatedWorkerCrashed", Level = LogLevel.Information,
        Message = "Simulated worker {WorkerId} on pod {PodId} died silently while running task {TaskId}")]
    public static partial void WorkerCrashed(ILogger logger, string workerId, string podId, Guid taskId);

    [LoggerMessage(EventId = 6003, EventName = "SimulatedTasksArrived", Level = LogLevel.Debug,
        Message = "Simulated clock {SimTime:O}: {Count} task(s) queued")]
    public static partial void TasksArrived(ILogger logger, DateTimeOffset simTime, int count);

    [LoggerMessage(EventId = 6004, EventName = "SimulationInvariantBroken", Level = LogLevel.Warning,
        Message = "Simulation invariant broken at {SimTime:O}: {Reason}")]
    public static partial void InvariantBroken(ILogger logger, DateTimeOffset simTime, string reason);

    [LoggerMessage(EventId = 6005, EventName = "SimulationClock", Level = LogLevel.Information,
        Message = "Simulated clock {SimTime:yyyy-MM-dd HH:mm}: {Queued} queued, {Running} running, {Pods} pods billing, {Cost:0.00} $ so far")]
    public static partial void Clock(ILogger logger, DateTimeOffset simTime, int queued, int running, int pods, decimal cost);

    [LoggerMessage(EventId = 6040, EventName = "SimulatedShellAnswered", Level = LogLevel.Debug,
        Message = "Simulated pod {PodId} answered the {Script} command: {Status}, exit {ExitCode}")]
    public static partial void ShellAnswered(ILogger logger, string podId, string script, string status, int exitCode);

    [LoggerMessage(EventId = 6041, EventName = "SimulatedShellCommandUnknown", Level = LogLevel.Warning,
        Message = "Simulated pod {PodId} got a command it does not know ({Length} chars)")]
    public static partial void ShellCommandUnknown(ILogger logger, string podId, int length);
}
