namespace Orchestrator.Chaos;

/// <summary>How long each scenario's trouble lasts: the short form (CI, all scenarios in at most 5 minutes on 2 cores) or the long form.</summary>
public sealed record ChaosScale(bool Long, int Seed)
{
    public TimeSpan KillStorm => Long ? TimeSpan.FromMinutes(4) : TimeSpan.FromSeconds(40);
    public double FaultRate => Long ? 0.5 : 0.3;
    public TimeSpan FaultStorm => Long ? TimeSpan.FromMinutes(2) : TimeSpan.FromSeconds(30);
    public TimeSpan Outage => Long ? TimeSpan.FromSeconds(60) : TimeSpan.FromSeconds(20);
    public int LeaderKills => Long ? 10 : 3;
    /// <summary>Each of the degrade benchmark's two runs (long form only).</summary>
    public TimeSpan DegradeRun { get; init; } = TimeSpan.FromMinutes(5);
    /// <summary>A generous bound on the drain: it ends as soon as everything is settled.</summary>
    public TimeSpan Drain { get; init; } = TimeSpan.FromSeconds(150);
    /// <summary>Where the degrade runs write each replica's log and the proxy's call record (--logs), to see where a run loses its time.</summary>
    public string? LogDirectory { get; init; }
}
