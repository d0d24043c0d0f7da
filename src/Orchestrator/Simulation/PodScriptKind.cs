namespace Orchestrator.Simulation;

/// <summary>The bootstrapper's commands a simulated pod answers.</summary>
public enum PodScriptKind
{
    Unknown,
    Verification,
    Launch,
    LogTail,
}
