namespace Orchestrator.Core.Ports;

/// <summary>The GPU cloud failed in a way the caller cannot treat as an outcome (transient, auth, bad answer).</summary>
public sealed class CloudException : OrchestratorException
{
    public CloudException(ErrorKind kind, string message, Exception? inner = null)
        : base(kind, message, inner)
    {
    }
}
