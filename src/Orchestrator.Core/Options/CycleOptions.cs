namespace Orchestrator.Core.Options;

/// <summary>Cadence and bounds of the control cycle.</summary>
public sealed record CycleOptions
{
    /// <summary>Time between cycles [ORCHESTRATOR_POLL_SEC].</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Pods bootstrapped side by side [BOOTSTRAP_PARALLELISM]. SSH bootstraps mostly wait, so a burst runs at once.</summary>
    public int BootstrapParallelism { get; set; } = 20;

    /// <summary>
    /// Pod creates in flight at once [SPAWN_PARALLELISM]. RunPod's 429 answers are retried with back-off by the RunPod
    /// adapter; a create refused for capacity or any other reason stops the creates not yet sent this cycle.
    /// </summary>
    public int SpawnParallelism { get; set; } = 8;

    /// <summary>
    /// How long the cycle that created pods waits for them to run, bootstrapping each the moment the cloud reports it
    /// running [SPAWN_BOOTSTRAP_WAIT_SEC]. Zero (the default of the class, for virtual-clock tests and the simulator, whose
    /// pods only run when the clock is advanced) leaves the bootstrap to a later cycle; the service reads the variable
    /// with <see cref="ServicePodReadyWait"/> as its default.
    /// Pods still starting when it ends are bootstrapped by a later cycle, as before.
    /// </summary>
    public TimeSpan PodReadyWait { get; set; } = TimeSpan.Zero;

    /// <summary>The service's default for <see cref="PodReadyWait"/> (SPAWN_BOOTSTRAP_WAIT_SEC unset): 120 s.</summary>
    public static readonly TimeSpan ServicePodReadyWait = TimeSpan.FromSeconds(120);

    /// <summary>Interval of the one pod list that serves every pod waiting to run [SPAWN_BOOTSTRAP_POLL_SEC].</summary>
    public TimeSpan PodReadyPoll { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest a single bootstrap may hold the cycle [BOOTSTRAP_TIMEOUT_SEC].</summary>
    public TimeSpan BootstrapTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Pods terminated side by side.</summary>
    public int TerminateParallelism { get; set; } = 8;

    /// <summary>
    /// The simulator's (no variable): the fleet's steps, then the spawns, one call at a time in the plan's order, instead
    /// of side by side. Its cloud and store answer at once on a virtual clock, so this costs no simulated time, and a
    /// replay no longer depends on which thread reaches the simulated stock first (the same seed gives the same report).
    /// </summary>
    public bool Sequential { get; set; }

    /// <summary>Worker id prefix, also the pod name prefix that marks our pods [WORKER_NAME_PREFIX].</summary>
    public string WorkerPrefix { get; set; } = "gpu-";

    /// <summary>Stored as <c>workers.instance_type</c>.</summary>
    public string InstanceType { get; set; } = "NVIDIA GeForce RTX 4090";
}
