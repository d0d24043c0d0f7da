using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Configuration;
using Orchestrator.Core.InMemory;
using Orchestrator.Core.Ports;

namespace Orchestrator.Hosting;

/// <summary>Chooses how a running pod is verified and its worker launched.</summary>
public static class BootstrapRegistration
{
    public static IServiceCollection AddWorkerBootstrapper(this IServiceCollection services, OrchestratorConfig config, SettingsReader reader)
    {
        services.AddSingleton<IWorkerBootstrapper, ScriptedBootstrapper>();
        _ = config;
        _ = reader;
        return services;
    }
}
