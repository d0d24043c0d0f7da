using System.Globalization;
using Orchestrator.Configuration;

namespace Orchestrator.Service.Checks;

/// <summary>Reached only with a valid configuration (invalid ones exit 2 first); summarises what was read, no secrets.</summary>
public sealed class ConfigurationCheck(OrchestratorConfig config) : IStartupCheck
{
    public string Name => "configuration";

    public int Order => 0;

    public Task<StartupCheckResult> RunAsync(CancellationToken cancellationToken)
    {
        var store = config.Supabase.HasDatabase ? "database URL" : config.Supabase.HasRest ? "Supabase REST" : "none/in-memory";
        var detail = string.Create(CultureInfo.InvariantCulture,
            $"valid: store {store}; GPUs {config.Scaling.MinActive}..{config.Scaling.MaxActive}; poll {config.Cycle.PollInterval.TotalSeconds:0.#} s; GPU type {config.Cycle.InstanceType}; RunPod API key {(config.RunPodApiKey is null ? "not set" : "set")}");
        return Task.FromResult(StartupCheckResult.Pass(detail));
    }
}
