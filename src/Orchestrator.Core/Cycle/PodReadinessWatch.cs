using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Orchestrator.Core.Domain;
using Orchestrator.Core.Ports;

namespace Orchestrator.Core.Cycle;

/// <summary>
/// Tells each just-created pod's waiter the moment the cloud reports it running with an SSH endpoint. One
/// <see cref="IGpuCloud.ListPodsAsync"/> per poll interval serves every waiting pod, so a burst costs the cloud's
/// rate limit no more than one pod. A pod that dies, or is still waiting when <see cref="Stop"/> is called, gets null
/// (a later cycle picks it up). A failed list is logged and tried again at the next interval.
/// </summary>
internal sealed class PodReadinessWatch(IGpuCloud cloud, TimeProvider time, TimeSpan poll, Guid cycleId, ILogger logger) : IDisposable
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<PodInfo?>> _waiting = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private Task? _loop;

    public Task<PodInfo?> WaitAsync(string podId)
    {
        var waiter = _waiting.GetOrAdd(podId, _ => new TaskCompletionSource<PodInfo?>(TaskCreationOptions.RunContinuationsAsynchronously));
        lock (_gate)
        {
            _loop ??= Task.Run(LoopAsync);
        }
        if (_stop.IsCancellationRequested)
        {
            waiter.TrySetResult(null);
        }
        return waiter.Task;
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(poll, time, _stop.Token).ConfigureAwait(false);
                if (_waiting.IsEmpty)
                {
                    continue;
                }
                foreach (var pod in await cloud.ListPodsAsync(_stop.Token).ConfigureAwait(false))
                {
                    if ((pod is { Status: PodStatus.Running, Ssh: not null } || pod.IsDead) && _waiting.TryRemove(pod.Id, out var waiter))
                    {
                        waiter.TrySetResult(pod.IsDead ? null : pod);
                    }
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (OrchestratorException ex)
            {
                CycleLog.ActionFailed(logger, ex, cycleId, "watch-new-pods", null, $"{ex.Kind}: {ex.Message}; trying again in {poll.TotalSeconds:0.#}s");
            }
        }
    }

    /// <summary>Ends the watch: every pod still waiting gets null.</summary>
    public void Stop()
    {
        _stop.Cancel();
        foreach (var podId in _waiting.Keys)
        {
            if (_waiting.TryRemove(podId, out var waiter))
            {
                waiter.TrySetResult(null);
            }
        }
    }

    public void Dispose()
    {
        Stop();
        _stop.Dispose();
    }
}
