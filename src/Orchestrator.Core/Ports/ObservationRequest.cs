namespace Orchestrator.Core.Ports;

/// <summary>What the cycle asks the store for.</summary>
/// <param name="Now">The cycle's clock reading.</param>
/// <param name="PodNames">Names of the cloud's pods carrying our prefix: their worker rows are returned even when terminated.</param>
/// <param name="OutcomeWindow">How far back boot/health outcomes are read for the breaker.</param>
public sealed record ObservationRequest(
    DateTimeOffset Now,
    IReadOnlyCollection<string> PodNames,
    TimeSpan OutcomeWindow);
