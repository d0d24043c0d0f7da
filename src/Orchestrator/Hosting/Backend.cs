using Orchestrator.Configuration;

namespace Orchestrator.Hosting;

/// <summary><c>ORCHESTRATOR_BACKEND=memory</c> wires every port in memory (a dry run of the wiring, no credentials).</summary>
public static class Backend
{
    public static bool IsMemory(SettingsReader reader) =>
        reader.Choice("ORCHESTRATOR_BACKEND", "Orchestrator:Backend", "real", "real", "memory") == "memory";
}
