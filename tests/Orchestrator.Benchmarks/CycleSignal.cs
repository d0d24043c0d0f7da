using Orchestrator.Core.Cycle;

namespace Orchestrator.Benchmarks;

/// <summary>Completes when the first cycle finishes (for the <c>wakeup</c> benchmark).</summary>
public sealed class CycleSignal : ICycleObserver
{
    private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task FirstCycle => _first.Task;

    public void OnCycleCompleted(CycleReport report) => _first.TrySetResult();
}
