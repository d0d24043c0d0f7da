namespace Orchestrator.Core.Ports;

/// <summary>Create one pod for one worker. The adapter owns image, GPU, volume and env from its options.</summary>
/// <param name="WorkerId">Also the pod name: creation is idempotent by it.</param>
/// <param name="Spot">Rent it as spot (interruptible) capacity; chosen per create by <see cref="Decisions.CapacityChoice"/>.</param>
public sealed record PodRequest(string WorkerId, bool Spot = false);
