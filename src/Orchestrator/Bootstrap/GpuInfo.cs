namespace Orchestrator.Bootstrap;

/// <summary>One GPU as <c>nvidia-smi --query-gpu=name,memory.total,memory.used,driver_version</c> reports it.</summary>
public sealed record GpuInfo(string Name, int MemoryTotalMiB, int? MemoryUsedMiB, string DriverVersion);
