using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Bootstrap;
using Orchestrator.Core.Domain;
using Orchestrator.Simulation;
using Orchestrator.TestSupport;
using Orchestrator.Core.Options;
using Orchestrator.Core.Ports;

namespace Orchestrator.Tests.Simulation;

/// <summary>One simulated cloud with its shell, worker processes and the real bootstrapper over them, on a manual clock.</summary>
internal sealed class PodWorld
{
    public static readonly TimeSpan Boot = TimeSpan.FromSeconds(90);

    public PodWorld(SimulationProfile profile, int seed = 5)
    {
        Profile = profile with { Offers = [new GpuOffer("NVIDIA RTX A6000", 0.79m, 1.0)], BootMin = Boot, BootMax = Boot };
        Cloud = new SimulatedRunPod(Time, SimulationRun.Start, seed, Profile, [], "gpu-");
        Workers = new SimulatedWorkers(new InMemoryFleetStore(new DemandOptions()), new Dictionary<Guid, TimeSpan>(), seed, Profile, NullLogger.Instance);
        Shell = new SimulatedPodShell(Time, seed, Profile, Cloud, Workers, NullLogger.Instance);
        Bootstrapper = SimulatedBootstrap.Create(Shell, NullLoggerFactory.Instance);
    }

    /// <summary>A pod that is healthy, reachable on every attempt and never broken, unless the profile says otherwise.</summary>
    public static SimulationProfile Healthy => new() { NeverReachable = 0, BootstrapRetryable = 0, BootstrapBroken = 0 };

    public ManualTimeProvider Time { get; } = new(SimulationRun.Start);
    public SimulationProfile Profile { get; }
    public SimulatedRunPod Cloud { get; }
    public SimulatedWorkers Workers { get; }
    public SimulatedPodShell Shell { get; }
    public ShellWorkerBootstrapper Bootstrapper { get; }

    /// <summary>Creates the worker's pod and lets it boot.</summary>
    public async Task<SimulatedPod> BootAsync(string workerId)
    {
        var created = await Cloud.CreatePodAsync(new PodRequest(workerId), CancellationToken.None);
        var pod = Cloud.PodById(((PodCreateOutcome.Created)created).Pod.Id)!;
        Time.Advance(Boot);
        return pod;
    }

    public Task<BootstrapOutcome> BootstrapAsync(SimulatedPod pod) =>
        Bootstrapper.BootstrapAsync(new BootstrapTarget(pod.Name, pod.Id, new SshEndpoint("sim.invalid", 20001)), CancellationToken.None);

    public static ShellTarget Target(SimulatedPod pod) => new("sim.invalid", 20001, pod.Id);
}
