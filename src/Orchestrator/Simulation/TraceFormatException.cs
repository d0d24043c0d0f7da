namespace Orchestrator.Simulation;

/// <summary>A demand trace file that cannot be read; the message names the file and line.</summary>
public sealed class TraceFormatException(string message) : Exception(message);
