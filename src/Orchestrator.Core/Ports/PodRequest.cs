namespace Orchestrator.Core.Ports;

/// <summary>Create one pod for one worker. The adapter owns image, GPU, volume and env from its options.</summary>
/// <param name="WorkerId">Also the pod name: creation is idempotent by it.</param>
public sealed record PodRequest(string WorkerId);
