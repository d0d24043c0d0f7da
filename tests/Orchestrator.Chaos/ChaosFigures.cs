using System.Globalization;

namespace Orchestrator.Chaos;

/// <summary>
/// What one scenario measured, read after its drain, and the invariants that must hold whatever the timing:
/// no pod billing without a live worker row (leaked), no worker name with two pods (duplicates), no ordinary
/// task left unfinished (lost), no RunPod mutation while the database was unreadable (blind), no replica that
/// exited on its own.
/// </summary>
public sealed record ChaosFigures
{
    public required string Scenario { get; init; }
    public int PodsLeaked { get; init; }
    public int PodsBilling { get; init; }
    public int DuplicatePods { get; init; }
    public int Tasks { get; init; }
    public int TasksLost { get; init; }
    public int BlindMutations { get; init; }
    public int CreatesServed { get; init; }
    public int ReplicasCrashed { get; init; }
    public TimeSpan Took { get; init; }
    /// <summary>Scenario-specific figures, printed after the common ones.</summary>
    public string Detail { get; init; } = "";
    /// <summary>The last output of every replica that exited on its own (exit code and log tail), for a broken run's report.</summary>
    public string CrashEvidence { get; init; } = "";
    /// <summary>Scenario-specific broken invariants.</summary>
    public IReadOnlyList<string> ScenarioBroken { get; init; } = [];

    public IReadOnlyList<string> Broken =>
    [
        .. PodsLeaked > 0 ? [$"{PodsLeaked} pods leaked"] : Array.Empty<string>(),
        .. DuplicatePods > 0 ? [$"{DuplicatePods} duplicate pods"] : Array.Empty<string>(),
        .. TasksLost > 0 ? [$"{TasksLost} tasks lost"] : Array.Empty<string>(),
        .. BlindMutations > 0 ? [$"{BlindMutations} mutations while blind"] : Array.Empty<string>(),
        .. ReplicasCrashed > 0 ? [$"{ReplicasCrashed} replicas exited on their own"] : Array.Empty<string>(),
        .. ScenarioBroken,
    ];

    public bool Ok => Broken.Count == 0;

    /// <summary>One line: the common figures, the scenario's own, the time taken, and the verdict.</summary>
    public string Line()
    {
        var common = string.Create(CultureInfo.InvariantCulture,
            $"chaos {Scenario}: pods leaked {PodsLeaked}, duplicate pods {DuplicatePods}, tasks lost {TasksLost} of {Tasks}, mutations while blind {BlindMutations}, creates served {CreatesServed}");
        var took = string.Create(CultureInfo.InvariantCulture, $"{Took.TotalSeconds:0} s");
        return $"{common}{(Detail.Length > 0 ? "; " + Detail : "")}; {took}; {(Ok ? "ok" : "BROKEN: " + string.Join(", ", Broken))}";
    }
}
