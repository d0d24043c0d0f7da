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
/// <item>A pod gets at most <see cref="TerminatesPerPod"/> terminates on the wire at once (<see cref="TryBeginTerminate"/>):
/// the next cycle that still lists a pod whose terminate hangs sends one more beside it (terminates are idempotent, and
/// a pod kept billing and claiming work for the whole mutation timeout is what the hang costs), then no more until one
/// ends.</item>
/// </list>
/// Shutdown (<see cref="DrainAsync"/>) waits for every mutation left here, so each still records its outcome.
/// </summary>
public sealed class MutationsInFlight(int capacity)
{
    private readonly ConcurrentDictionary<Task, byte> _left = new();
    private readonly ConcurrentDictionary<string, byte> _creating = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _terminating = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Terminates of one pod on the wire at once: the first, and one more from a later cycle if it hangs.</summary>
    public const int TerminatesPerPod = 2;

    /// <summary>Mutations that may be left in flight at once.</summary>
    public int Capacity => Math.Max(1, capacity);

    /// <summary>Mutations left in flight now.</summary>
    public int Left => _left.Count;

    /// <summary>Workers whose create call (and the write of its outcome) has not ended, at this moment.</summary>
    public IReadOnlySet<string> CreatesInFlight() => _creating.Keys.ToHashSet(StringComparer.Ordinal);

    public void BeginCreate(string workerId) => _creating.TryAdd(workerId, 0);

    public void EndCreate(string workerId) => _creating.TryRemove(workerId, out _);

    /// <summary>False when <see cref="TerminatesPerPod"/> terminates of <paramref name="podId"/> are already on the wire.</summary>
    public bool TryBeginTerminate(string podId)
    {
        lock (_gate)
        {
            var sent = _terminating.GetValueOrDefault(podId);
            if (sent >= TerminatesPerPod)
            {
                return false;
            }
            _terminating[podId] = sent + 1;
            return true;
        }
    }

    public void EndTerminate(string podId)
    {
        lock (_gate)
        {
            if (_terminating.GetValueOrDefault(podId) <= 1)
            {
                _terminating.Remove(podId);
            }
            else
            {
                _terminating[podId]--;
            }
        }
    }

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
