using System.Collections.Concurrent;

namespace Orchestrator.Core.Cycle;

/// <summary>
/// The cloud mutations of this process that outlived the cycle that sent them (issue 15 item 1: a cycle never waits
/// on a hanging mutation), and the creates and terminates on the wire. Shared by every cycle of one
/// <see cref="ControlCycle"/>; thread-safe.
/// <list type="bullet">
/// <item>A cycle waits for a mutation only briefly (<see cref="CycleActions.MutationWait"/>); one still running then is
/// left here, at most <see cref="Capacity"/> at once (beyond that the cycle waits, as it always did). Each carries its
/// own timeout (RUNPOD_MUTATION_TIMEOUT_SEC), so none runs for long, and each records its own outcome when it ends.</item>
/// <item><see cref="CreatesInFlight"/>: workers whose create has not ended. A cycle takes this set before its listing,
/// and such a worker is never settled from that listing (<see cref="Domain.WorkerView.CreateInFlight"/>): its pod may
/// still be on its way, and the create records how it ended.</item>
/// <item>A pod whose terminate is on the wire is not sent another one (<see cref="TryBeginTerminate"/>); if the pod is still
/// listed after that terminate ends, the next cycle sends it again, as it always did.</item>
/// </list>
/// Shutdown (<see cref="DrainAsync"/>) waits for every mutation left here, so each still records its outcome.
/// </summary>
public sealed class MutationsInFlight(int capacity)
{
    private readonly ConcurrentDictionary<Task, byte> _left = new();
    private readonly ConcurrentDictionary<string, byte> _creating = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _terminating = new(StringComparer.Ordinal);

    /// <summary>Mutations that may be left in flight at once.</summary>
    public int Capacity => Math.Max(1, capacity);

    /// <summary>Mutations left in flight now.</summary>
    public int Left => _left.Count;

    /// <summary>Workers whose create call (and the write of its outcome) has not ended, at this moment.</summary>
    public IReadOnlySet<string> CreatesInFlight() => _creating.Keys.ToHashSet(StringComparer.Ordinal);

    public void BeginCreate(string workerId) => _creating.TryAdd(workerId, 0);

    public void EndCreate(string workerId) => _creating.TryRemove(workerId, out _);

    /// <summary>False when a terminate of <paramref name="podId"/> is already on the wire.</summary>
    public bool TryBeginTerminate(string podId) => _terminating.TryAdd(podId, 0);

    public void EndTerminate(string podId) => _terminating.TryRemove(podId, out _);

    /// <summary>
    /// Takes a mutation the cycle stops waiting for; false when <see cref="Capacity"/> are already left (the caller then
    /// waits for it). The task must not fault: it handles its own errors.
    /// </summary>
    public bool TryLeave(Task mutation)
    {
        if (_left.Count >= Capacity || !_left.TryAdd(mutation, 0))
        {
            return false;
        }
        _ = mutation.ContinueWith(done => _left.TryRemove(done, out _), CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return true;
    }

    /// <summary>Waits until every mutation left in flight has ended (each has its own timeout), or until cancelled.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        while (_left.Keys.ToArray() is { Length: > 0 } pending)
        {
            await Task.WhenAll(pending).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
