namespace Orchestrator.Simulation;

/// <summary>
/// The state of one replay at one simulated minute: tasks queued and running, live pods by what their worker
/// does (booting: no heartbeat yet, or never will; idle; busy), and dollars billed so far.
/// </summary>
public readonly record struct SimulationSample(int Minute, int Queued, int Running, int PodsBooting, int PodsIdle, int PodsBusy, decimal CostUsd)
{
    public int Pods => PodsBooting + PodsIdle + PodsBusy;
}
