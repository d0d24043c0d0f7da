namespace Orchestrator.Core.Ports;

/// <summary>The fleet store could not be read or written. The cycle fails closed on it.</summary>
public sealed class StoreException : OrchestratorException
{
    public StoreException(string message, Exception? inner = null, ErrorKind kind = ErrorKind.Store)
        : base(kind, message, inner)
    {
    }
}
