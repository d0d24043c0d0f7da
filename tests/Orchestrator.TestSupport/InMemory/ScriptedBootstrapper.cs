using System.Collections.Concurrent;
using Orchestrator.Core.Ports;

namespace Orchestrator.TestSupport;

/// <summary>
/// A bootstrapper for tests and the in-memory wiring: launches at once unless a test scripted a
/// failure for the worker. Records every call.
/// </summary>
public sealed class ScriptedBootstrapper : IWorkerBootstrapper
{
    private readonly ConcurrentDictionary<string, BootstrapOutcome> _scripted = new();

    public ConcurrentQueue<BootstrapTarget> Calls { get; } = new();

    public void Script(string workerId, BootstrapOutcome outcome) => _scripted[workerId] = outcome;

    /// <summary>Runs inside every call before it answers, for example to make the worker heartbeat mid-bootstrap.</summary>
    public Action<BootstrapTarget>? WhileBootstrapping { get; set; }

    public Task<BootstrapOutcome> BootstrapAsync(BootstrapTarget target, CancellationToken cancellationToken)
    {
        Calls.Enqueue(target);
        WhileBootstrapping?.Invoke(target);
        return Task.FromResult(_scripted.TryGetValue(target.WorkerId, out var outcome) ? outcome : BootstrapOutcome.Launched());
    }
}
