namespace Orchestrator.Core.Ports;

/// <summary>Tasks of a fenced worker: put back in the queue, or failed past their attempt limit.</summary>
public sealed record RequeueResult(IReadOnlyList<Guid> Requeued, IReadOnlyList<Guid> Failed)
{
    public static RequeueResult Empty { get; } = new([], []);
}
