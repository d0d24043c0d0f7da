namespace Orchestrator.Core.Ports;

/// <summary>Broken infrastructure, classified. Expected outcomes are returned as data instead.</summary>
public class OrchestratorException : Exception
{
    public OrchestratorException(ErrorKind kind, string message, Exception? inner = null)
        : base(message, inner) => Kind = kind;

    public ErrorKind Kind { get; }

    public bool IsTransient => Kind == ErrorKind.Transient;
}
