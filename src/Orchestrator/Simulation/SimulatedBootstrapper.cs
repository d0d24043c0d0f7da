using Orchestrator.Core.Ports;

namespace Orchestrator.Simulation;

/// <summary>
/// Answers like the SSH bootstrapper on a real pod: a broken pod (volume missing, bad GPU) fails for good,
/// an attempt may find SSH not up yet (retryable), otherwise the worker is launched and its process
/// starts after a model-load delay. Idempotent: a second launch on the same pod starts nothing new.
/// </summary>
public sealed class SimulatedBootstrapper(TimeProvider time, int seed, SimulationProfile profile, SimulatedRunPod cloud, SimulatedWorkers workers)
    : IWorkerBootstrapper
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _attempts = [];

    public Task<BootstrapOutcome> BootstrapAsync(BootstrapTarget target, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        int attempt;
        lock (_gate)
        {
            attempt = _attempts[target.WorkerId] = _attempts.GetValueOrDefault(target.WorkerId) + 1;
        }
        if (StableRandom.For(seed, target.WorkerId, 2).NextDouble() < profile.BootstrapBroken)
        {
            return Task.FromResult(BootstrapOutcome.Failed("nvidia-smi-failed", "simulated: GPU not visible to the container", retryable: false));
        }
        var random = StableRandom.For(seed, target.WorkerId, 10 + attempt);
        if (random.NextDouble() < profile.BootstrapRetryable)
        {
            return Task.FromResult(BootstrapOutcome.Failed("ssh-unreachable", "simulated: connection refused", retryable: true));
        }
        if (cloud.PodById(target.PodId) is not { IsLive: true } pod)
        {
            return Task.FromResult(BootstrapOutcome.Failed("ssh-unreachable", "simulated: pod gone", retryable: true));
        }
        workers.Launch(target.WorkerId, pod, now + StableRandom.LogNormal(random, profile.StartMedian, profile.StartSigma, profile.StartMin, profile.StartMax));
        return Task.FromResult(BootstrapOutcome.Launched("{\"gpu_name\":\"" + pod.Offer.GpuType + "\"}"));
    }
}
