namespace Orchestrator.Simulation;

/// <summary>A window (offsets from the start) in which the simulated cloud's offers are scarcer.</summary>
/// <param name="AvailabilityFactor">Each offer's availability is multiplied by this inside the window (0: nothing at all).</param>
public sealed record CapacityOutage(TimeSpan Start, TimeSpan End, double AvailabilityFactor)
{
    public bool Covers(TimeSpan offset) => offset >= Start && offset < End;
}
