using Orchestrator.Core.Cycle;

namespace Orchestrator.Cli;

/// <summary>Completes when the first cycle finishes (for <c>bench wakeup</c>).</summary>
public sealed class CycleSignal : ICycleObserver
{
    private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task FirstCycle => _first.Task;

    public void OnCycleCompleted(CycleReport report) => _first.TrySetResult();
}
