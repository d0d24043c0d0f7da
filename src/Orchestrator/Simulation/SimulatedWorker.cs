
namespace Orchestrator.Simulation;

/// <summary>One simulated worker process on one pod.</summary>
public sealed class SimulatedWorker
{
    public required string WorkerId { get; init; }
    public required SimulatedPod Pod { get; init; }
    /// <summary>The process id the launch reported.</summary>
    public int Pid { get; init; }
    /// <summary>First heartbeat (model loaded).</summary>
    public required DateTimeOffset StartAt { get; init; }
    public DateTimeOffset? LastBeat { get; set; }
    public InMemoryTask? Task { get; set; }
    public DateTimeOffset TaskEnd { get; set; }
    /// <summary>When the process dies during the current task; null when it will not.</summary>
    public DateTimeOffset? CrashAt { get; set; }
    public bool Dead { get; set; }
    public int Claims { get; set; }
    public int TasksDone { get; set; }
}
