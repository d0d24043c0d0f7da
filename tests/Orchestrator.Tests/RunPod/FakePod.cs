using System.Text.Json.Nodes;

namespace Orchestrator.Tests.RunPod;

/// <summary>A pod as the fake RunPod keeps it, with the create input it was given.</summary>
public sealed class FakePod
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string GpuTypeId { get; init; }
    public string? DataCenterId { get; init; }
    public required decimal CostPerHr { get; set; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required JsonObject Input { get; init; }
    public string DesiredStatus { get; set; } = "RUNNING";
    /// <summary>Reads left before a terminated pod disappears from lists.</summary>
    public int LingerReads { get; set; }
    public bool Terminated { get; set; }
    public int PublicSshPort { get; init; }
    /// <summary>False: placed without a public IP, so no direct SSH endpoint ever appears.</summary>
    public bool PublicIp { get; init; } = true;
    /// <summary>Rented with <c>podRentInterruptable</c> (spot): RunPod may take it back (<see cref="FakeRunPodState.Interrupt"/>).</summary>
    public bool Interruptible { get; init; }
}
