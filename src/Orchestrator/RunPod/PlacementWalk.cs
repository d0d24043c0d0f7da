using Orchestrator.Core.Ports;

namespace Orchestrator.RunPod;

/// <summary>
/// What one create's walk over the ranked placements met, for the final outcome: every placement that
/// was backed off, unplaceable (with RunPod's <c>detail</c>, any wording) or forbidden. Only when every
/// placement tried was forbidden (403) is the outcome a refusal (the key cannot use any configured pool);
/// otherwise it is no capacity, with the details for the audit.
/// </summary>
internal sealed class PlacementWalk
{
    private readonly List<string> _notes = [];
    private int _tried;
    private int _forbidden;

    /// <summary>What the last placement tried met (for the back-off it causes).</summary>
    public string? Last => _notes.Count > 0 ? _notes[^1] : null;

    public void BackedOff(PlacementGroup group, DateTimeOffset until) => _notes.Add($"{group.Key} backed off until {until:HH:mm:ss}");

    public void Unplaceable(PlacementGroup group, string detail)
    {
        _tried++;
        _notes.Add($"{group.Key} out of stock: {detail}");
    }

    public void Forbidden(PlacementGroup group, string detail)
    {
        _tried++;
        _forbidden++;
        _notes.Add($"{group.Key} forbidden: {detail}");
    }

    public PodCreateOutcome Finish(IReadOnlyList<string> skipped)
    {
        var detail = _notes.Count == 0 ? "no placement option" : string.Join("; ", _notes.Concat(skipped));
        return _tried > 0 && _forbidden == _tried
            ? new PodCreateOutcome.Rejected(ErrorKind.Auth, $"RunPod answered 403 for every configured pool (the account cannot use them): {detail}")
            : new PodCreateOutcome.NoCapacity(detail);
    }
}
