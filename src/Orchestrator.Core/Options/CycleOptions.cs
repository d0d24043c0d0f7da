namespace Orchestrator.Core.Options;

/// <summary>Cadence and bounds of the control cycle.</summary>
public sealed class CycleOptions
{
    /// <summary>Time between cycles [ORCHESTRATOR_POLL_SEC].</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Pods bootstrapped side by side [BOOTSTRAP_PARALLELISM].</summary>
    public int BootstrapParallelism { get; set; } = 4;

    /// <summary>Longest a single bootstrap may hold the cycle [BOOTSTRAP_TIMEOUT_SEC].</summary>
    public TimeSpan BootstrapTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Pods terminated side by side.</summary>
    public int TerminateParallelism { get; set; } = 8;

    /// <summary>Worker id prefix, also the pod name prefix that marks our pods [WORKER_NAME_PREFIX].</summary>
    public string WorkerPrefix { get; set; } = "gpu-";

    /// <summary>Stored as <c>workers.instance_type</c>.</summary>
    public string InstanceType { get; set; } = "NVIDIA GeForce RTX 4090";
}
