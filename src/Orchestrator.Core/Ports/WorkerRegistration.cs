namespace Orchestrator.Core.Ports;

/// <summary>A worker to register before its pod is requested (state <c>Requested</c>).</summary>
public sealed record WorkerRegistration(string WorkerId, string InstanceType, DateTimeOffset At, Guid CycleId);
