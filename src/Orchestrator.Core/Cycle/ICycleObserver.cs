namespace Orchestrator.Core.Cycle;

/// <summary>Told about every finished cycle (metrics, health, wake-up bookkeeping). Must not throw or block.</summary>
public interface ICycleObserver
{
    void OnCycleCompleted(CycleReport report);
}
