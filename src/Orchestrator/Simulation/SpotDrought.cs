namespace Orchestrator.Simulation;

/// <summary>
/// A window (offsets from the start) in which spot goes bad: live spot pods are interrupted <paramref name="InterruptionFactor"/>
/// times as often, and from <paramref name="StockGoneFrom"/> to the end no spot pod can be rented at all.
/// </summary>
public sealed record SpotDrought(TimeSpan Start, TimeSpan End, double InterruptionFactor, TimeSpan StockGoneFrom)
{
    public bool Covers(TimeSpan offset) => offset >= Start && offset < End;

    public bool StockGone(TimeSpan offset) => offset >= StockGoneFrom && offset < End;
}
