using Orchestrator.Configuration;

namespace Orchestrator.Hosting;

/// <summary>
/// <c>ORCHESTRATOR_BACKEND=memory</c> puts the GPU cloud and the SSH bootstrap in memory (no RunPod or SSH
/// credentials); the store too unless a database URL or Supabase REST is configured.
/// </summary>
public static class Backend
{
    public static bool IsMemory(SettingsReader reader) =>
        reader.Choice("ORCHESTRATOR_BACKEND", "Orchestrator:Backend", "real", "real", "memory") == "memory";
}
