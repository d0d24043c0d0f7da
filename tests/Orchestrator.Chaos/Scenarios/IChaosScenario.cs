using Orchestrator.TestSupport;

namespace Orchestrator.Chaos.Scenarios;

/// <summary>One incident played against the real service; its figures come back as one or more lines.</summary>
public interface IChaosScenario
{
    string Name { get; }

    /// <summary>Runs in the short form (CI) as well as the long one.</summary>
    bool InShortForm { get; }

    Task<IReadOnlyList<ChaosFigures>> RunAsync(ThrowawayPostgres postgres, ChaosScale scale, TextWriter progress);
}
