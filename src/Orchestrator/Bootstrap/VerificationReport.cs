using System.Text.Json.Nodes;

namespace Orchestrator.Bootstrap;

/// <summary>All verification results of one pod, in order, plus the facts found (GPUs, Python).</summary>
public sealed record VerificationReport(IReadOnlyList<VerificationCheck> Checks, IReadOnlyList<GpuInfo> Gpus, string? PythonVersion, bool? VolumeIsMountPoint)
{
    public VerificationCheck? FirstFailure => Checks.FirstOrDefault(c => !c.Passed);

    public bool Passed => FirstFailure is null;

    /// <summary>Facts for <c>workers.metadata</c>: the first GPU's name, memory and driver, the GPU count, Python's version.</summary>
    public JsonObject ToMetadata()
    {
        var json = new JsonObject();
        if (Gpus.Count > 0)
        {
            var gpu = Gpus[0];
            json["gpu_name"] = gpu.Name;
            json["gpu_memory_total_mb"] = gpu.MemoryTotalMiB;
            json["gpu_memory_used_mb"] = gpu.MemoryUsedMiB;
            json["gpu_driver_version"] = gpu.DriverVersion;
            json["gpu_count"] = Gpus.Count;
        }
        if (PythonVersion is not null)
        {
            json["python_version"] = PythonVersion;
        }
        if (VolumeIsMountPoint is { } mounted)
        {
            json["volume_mountpoint"] = mounted;
        }
        return json;
    }
}
