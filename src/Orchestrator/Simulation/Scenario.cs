namespace Orchestrator.Simulation;

/// <summary>A demand trace to replay, with the cloud's capacity outages and spot droughts during it.</summary>
public sealed record Scenario(string Name, string Description, IReadOnlyList<TaskArrival> Arrivals)
{
    public IReadOnlyList<CapacityOutage> Outages { get; init; } = [];

    /// <summary>Windows in which spot interruptions cluster and spot stock vanishes.</summary>
    public IReadOnlyList<SpotDrought> SpotDroughts { get; init; } = [];

    /// <summary>
    /// The same demand <paramref name="factor"/> times over: each task is joined by factor − 1 copies of the same
    /// duration, each shifted by up to a minute either way (a stream keyed by the seed and the name).
    /// </summary>
    public Scenario Scaled(int factor, int seed)
    {
        if (factor <= 1)
        {
            return this;
        }
        var random = StableRandom.For(seed, Name, 5);
        var arrivals = new List<TaskArrival>(Arrivals.Count * factor);
        foreach (var a in Arrivals)
        {
            arrivals.Add(a);
            for (var k = 1; k < factor; k++)
            {
                var shift = TimeSpan.FromSeconds(Math.Round((random.NextDouble() * 2 - 1) * 60));
                arrivals.Add(a with { Offset = a.Offset + shift < TimeSpan.Zero ? TimeSpan.Zero : a.Offset + shift });
            }
        }
        return this with { Description = $"{Description}, x{factor}", Arrivals = arrivals };
    }

    /// <summary>When the last task could finish if it started on arrival.</summary>
    public TimeSpan Span => Arrivals.Count == 0 ? TimeSpan.Zero : Arrivals.Max(a => a.Offset + a.Duration);
}
