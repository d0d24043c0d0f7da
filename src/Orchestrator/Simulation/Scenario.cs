namespace Orchestrator.Simulation;

/// <summary>A demand trace to replay, with the cloud's capacity outages during it.</summary>
public sealed record Scenario(string Name, string Description, IReadOnlyList<TaskArrival> Arrivals)
{
    public IReadOnlyList<CapacityOutage> Outages { get; init; } = [];

    /// <summary>When the last task could finish if it started on arrival.</summary>
    public TimeSpan Span => Arrivals.Count == 0 ? TimeSpan.Zero : Arrivals.Max(a => a.Offset + a.Duration);
}
