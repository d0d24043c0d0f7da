namespace Orchestrator.Core.Ports;

/// <summary>Create one pod for one worker. The adapter owns image, GPU, volume and env from its options.</summary>
/// <param name="WorkerId">Also the pod name: creation is idempotent by it.</param>
/// <param name="Spot">Rent it as spot (interruptible) capacity; chosen per create by <see cref="Decisions.CapacityChoice"/>.</param>
/// <param name="NewName">
/// The name was generated for this create and has never been sent to the cloud, so no pod can carry it: the adapter
/// skips its look-up by name before creating (one listing of the whole account fewer per create; a burst of 20 creates
/// lists 20 times fewer). False (the default) for anything that may be a repeat, such as a spot refusal's on-demand retry.
/// A lost answer is still resolved by name after the create.
/// </param>
public sealed record PodRequest(string WorkerId, bool Spot = false, bool NewName = false);
