namespace Orchestrator.Simulation;

/// <summary>
/// One scenario replayed with the configured policy, the old service's, and the clairvoyant reference
/// (<see cref="ClairvoyantScalingPolicy"/>), same trace and seed. Within <see cref="CostTolerance"/> of cost and
/// <see cref="WaitTolerance"/> of p95 wait two policies tie: a tie is a tie, not a win.
/// </summary>
public sealed record SideBySide(Scenario Scenario, SimulationResult Candidate, SimulationResult Baseline, SimulationResult? Bound = null)
{
    /// <summary>p95 waits this close count as equal: the workers and the cloud move in steps of this size.</summary>
    public static readonly TimeSpan WaitTolerance = TimeSpan.FromSeconds(5);

    /// <summary>Costs within this share of the baseline's count as equal.</summary>
    public const decimal CostTolerance = 0.01m;

    public bool WaitNoWorse => Candidate.WaitP95Seconds <= Baseline.WaitP95Seconds + WaitTolerance.TotalSeconds;

    private bool WaitBetter => Candidate.WaitP95Seconds < Baseline.WaitP95Seconds - WaitTolerance.TotalSeconds;

    /// <summary>Cheaper by more than <see cref="CostTolerance"/>.</summary>
    public bool Cheaper => Candidate.CostUsd < Baseline.CostUsd * (1 - CostTolerance);

    private bool Dearer => Candidate.CostUsd > Baseline.CostUsd * (1 + CostTolerance);

    /// <summary>Cheaper (beyond the tolerance) at equal or better p95 wait: a win.</summary>
    public bool CheaperAtEqualWait => Cheaper && WaitNoWorse;

    /// <summary>Neither cost nor p95 wait differs beyond the tolerances.</summary>
    public bool Tie => !Cheaper && !Dearer && WaitNoWorse && !WaitBetter;

    public string Verdict => (Cheaper, Dearer, WaitNoWorse, WaitBetter) switch
    {
        (true, _, true, _) => "cheaper at equal or better p95 wait",
        (true, _, false, _) => "cheaper, but slower p95 wait",
        (false, false, true, false) => "tie (cost within 1 %, p95 within 5 s)",
        (false, false, true, true) => "same cost, faster p95 wait",
        (false, false, false, _) => "same cost, slower p95 wait",
        (false, true, true, true) => "faster p95 wait, but dearer",
        (false, true, true, false) => "dearer, same p95 wait",
        _ => "dearer and slower",
    };

    /// <summary>
    /// The share of the legacy-to-bound cost gap the candidate closes (1 = as cheap as the bound, negative =
    /// dearer than legacy); null without a bound or when the bound is not cheaper than legacy.
    /// </summary>
    public double? GapClosed => Bound is { } bound && Baseline.CostUsd - bound.CostUsd > 0.005m
        ? (double)((Baseline.CostUsd - Candidate.CostUsd) / (Baseline.CostUsd - bound.CostUsd))
        : null;
}
