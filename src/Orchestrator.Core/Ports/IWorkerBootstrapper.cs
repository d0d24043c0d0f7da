namespace Orchestrator.Core.Ports;

/// <summary>
/// Verifies a running pod (volume, checkout, GPU, Python) and launches the worker process on it.
/// Idempotent: launching on a pod whose worker already runs does not start a second one.
/// Expected failures are returned as a <see cref="BootstrapOutcome"/>; it throws only on cancellation.
/// </summary>
public interface IWorkerBootstrapper
{
    Task<BootstrapOutcome> BootstrapAsync(BootstrapTarget target, CancellationToken cancellationToken);
}
