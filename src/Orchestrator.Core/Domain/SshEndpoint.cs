namespace Orchestrator.Core.Domain;

/// <summary>The public address that maps to the pod's port 22.</summary>
public sealed record SshEndpoint(string Host, int Port)
{
    public override string ToString() => $"{Host}:{Port}";
}
