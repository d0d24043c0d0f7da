namespace Orchestrator.Simulation;

/// <summary>One scenario replayed with the configured policy and with the old service's, same trace and seed.</summary>
public sealed record SideBySide(Scenario Scenario, SimulationResult Candidate, SimulationResult Baseline)
{
    /// <summary>p95 waits this close count as equal: the workers and the cloud move in steps of this size.</summary>
    public static readonly TimeSpan WaitTolerance = TimeSpan.FromSeconds(5);

    public bool WaitNoWorse => Candidate.WaitP95Seconds <= Baseline.WaitP95Seconds + WaitTolerance.TotalSeconds;

    /// <summary>Cheaper at equal or better p95 wait.</summary>
    public bool CheaperAtEqualWait => Candidate.CostUsd < Baseline.CostUsd && WaitNoWorse;

    public string Verdict => (Candidate.CostUsd < Baseline.CostUsd, WaitNoWorse) switch
    {
        (true, true) => "cheaper at equal or better p95 wait",
        (true, false) => "cheaper, but slower p95 wait",
        (false, true) when Candidate.WaitP95Seconds < Baseline.WaitP95Seconds - WaitTolerance.TotalSeconds => "faster p95 wait, not cheaper",
        (false, true) => "not cheaper, same p95 wait",
        _ => "neither cheaper nor faster",
    };
}
