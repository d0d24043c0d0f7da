using Orchestrator.Core.Domain;

namespace Orchestrator.Observability;

/// <summary>
/// Whether a worker runs on spot (interruptible) or on-demand capacity, as the status page shows it. Today neither
/// the worker row nor the pod records it, so every worker shows what RUNPOD_SPOT asks new pods to be
/// (<see cref="FromSetting"/>). This is the one place to read a per-worker value once the store or the pod carries one.
/// </summary>
public sealed class WorkerCapacityKind
{
    public const string Spot = "spot";
    public const string OnDemand = "on-demand";

    private readonly bool _spotSetting;

    private WorkerCapacityKind(bool spotSetting) => _spotSetting = spotSetting;

    /// <summary>From RUNPOD_SPOT (false when the RunPod options are not registered, as in the store-only commands).</summary>
    public static WorkerCapacityKind FromSetting(bool spot) => new(spot);

    /// <summary><see cref="Spot"/> or <see cref="OnDemand"/> for <paramref name="worker"/> (its pod, when the cycle saw one).</summary>
    public string Of(WorkerView worker, PodInfo? pod) => _spotSetting ? Spot : OnDemand; // the same for every worker until a row or pod says
}
