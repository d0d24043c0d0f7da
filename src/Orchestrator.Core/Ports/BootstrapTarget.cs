using Orchestrator.Core.Domain;

namespace Orchestrator.Core.Ports;

/// <summary>A running pod to verify and start the worker on.</summary>
public sealed record BootstrapTarget(string WorkerId, string PodId, SshEndpoint Endpoint);
