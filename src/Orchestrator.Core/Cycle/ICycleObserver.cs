namespace Orchestrator.Core.Cycle;

/// <summary>Told about every finished cycle (metrics, health, wake-up bookkeeping). Must not throw or block.</summary>
public interface ICycleObserver
{
    void OnCycleCompleted(CycleReport report);

    /// <summary>
    /// A create or terminate that outlived its cycle (<see cref="MutationsInFlight"/>) ended after that cycle's report:
    /// its audit events (already recorded in the store), e.g. a <c>spawn</c> or a <c>terminate</c>.
    /// </summary>
    void OnLateActions(IReadOnlyList<Ports.ScalingEvent> events)
    {
    }
}
