using System.Globalization;
using System.Text;
using Orchestrator.Bootstrap;

namespace Orchestrator.Simulation;

/// <summary>
/// The standard output a pod gives the bootstrapper's scripts, in the format those scripts print:
/// <see cref="VerificationScript"/>'s <c>key=value</c> and <c>nvidia: </c> lines, <see cref="LaunchScript"/>'s
/// <c>status=</c> line and log tail.
/// </summary>
public static class SimulatedPodOutput
{
    public const string DriverVersion = "550.54.15";
    public const string PythonVersion = "Python 3.10.12";

    /// <summary>What the verification prints on a pod with this GPU and fault (null: healthy).</summary>
    public static string Verification(string gpuType, SimulatedPodFault? fault, string checkoutDir)
    {
        var s = new StringBuilder();
        if (fault == SimulatedPodFault.VolumeMissing)
        {
            s.Append("volume=missing\n");
        }
        else
        {
            s.Append("volume=present\nvolume_writable=").Append(fault == SimulatedPodFault.VolumeReadOnly ? "no" : "yes").Append("\nvolume_mountpoint=yes\n");
        }
        s.Append(fault is SimulatedPodFault.VolumeMissing or SimulatedPodFault.CheckoutMissing ? "checkout=missing\n" : "checkout=present\n");
        s.Append(fault switch
        {
            SimulatedPodFault.NvidiaSmiFailed => "nvidia_rc=9\nnvidia: NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running.\n",
            SimulatedPodFault.NoGpu => "nvidia_rc=6\nnvidia: No devices were found\n",
            _ => $"nvidia_rc=0\nnvidia: {gpuType}, {MemoryMiB(gpuType).ToString(CultureInfo.InvariantCulture)} MiB, 1 MiB, {DriverVersion}\n",
        });
        s.Append(fault switch
        {
            SimulatedPodFault.PythonMissing => "python=missing\n",
            SimulatedPodFault.VolumeMissing or SimulatedPodFault.CheckoutMissing => $"python=/usr/bin/python3\npython_version={PythonVersion}\n",
            _ => $"python={checkoutDir}/venv/bin/python\npython_version={PythonVersion}\n",
        });
        return s.ToString();
    }

    public static string Launched(int pid) => $"status=launched pid={pid.ToString(CultureInfo.InvariantCulture)}\n";

    public static string AlreadyRunning(int pid) => $"status=already-running pid={pid.ToString(CultureInfo.InvariantCulture)}\n";

    /// <summary>A launch whose worker exited within the confirm wait (exit <see cref="LaunchScript.DiedExitCode"/>).</summary>
    public static string Died(DateTimeOffset at, string why) =>
        $"status=died\n--- log tail ---\n{LaunchLine(at)}\n{why}\n";

    /// <summary>The worker's log as <c>tail</c> would show it.</summary>
    public static string Log(DateTimeOffset launchedAt, string workerId, bool loaded) =>
        $"{LaunchLine(launchedAt)}\nworker {workerId}: loading models\n" + (loaded ? $"worker {workerId}: ready, polling for tasks\n" : "");

    /// <summary>The traceback a worker prints when its models fail to load.</summary>
    public static string ModelLoadTraceback =>
        "Traceback (most recent call last):\n  File \"worker.py\", line 212, in <module>\n    main()\n" +
        "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB";

    /// <summary>Total memory nvidia-smi reports for the simulated GPU types (a 24 GiB card otherwise).</summary>
    public static int MemoryMiB(string gpuType) => gpuType switch
    {
        _ when gpuType.Contains("A6000", StringComparison.Ordinal) => 49140,
        _ when gpuType.Contains("L40S", StringComparison.Ordinal) => 46068,
        _ when gpuType.Contains("A100", StringComparison.Ordinal) => 81920,
        _ => 24564,
    };

    private static string LaunchLine(DateTimeOffset at) => $"=== launch {at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)} ===";
}
