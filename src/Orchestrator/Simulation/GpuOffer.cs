namespace Orchestrator.Simulation;

/// <summary>A GPU type the simulated RunPod can place, its price, and the chance a create finds one free.</summary>
public sealed record GpuOffer(string GpuType, decimal CostPerHour, double Availability);
