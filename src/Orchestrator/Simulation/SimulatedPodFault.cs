namespace Orchestrator.Simulation;

/// <summary>How a broken simulated pod fails its bootstrap, each as the real scripts would see it on a pod.</summary>
public enum SimulatedPodFault
{
    /// <summary><c>nvidia-smi</c> cannot talk to the driver (exit 9): <c>nvidia-smi-failed</c>.</summary>
    NvidiaSmiFailed,
    /// <summary><c>nvidia-smi</c> finds no device (exit 6): <c>no-gpu</c>.</summary>
    NoGpu,
    /// <summary>The network volume is not mounted: <c>volume-missing</c>.</summary>
    VolumeMissing,
    /// <summary>The network volume is mounted read-only: <c>volume-readonly</c>.</summary>
    VolumeReadOnly,
    /// <summary>The worker's checkout is not on the volume: <c>checkout-missing</c>.</summary>
    CheckoutMissing,
    /// <summary>No venv and no python3 on the pod: <c>python-missing</c>.</summary>
    PythonMissing,
    /// <summary>Verification passes but the worker dies within the confirm wait: <c>launch-died</c> with its log tail.</summary>
    LaunchDied,
}
