using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Configuration;
using Orchestrator.Core.InMemory;
using Orchestrator.Core.Ports;

namespace Orchestrator.Hosting;

/// <summary>Chooses the GPU cloud adapter.</summary>
public static class CloudRegistration
{
    public static IServiceCollection AddGpuCloud(this IServiceCollection services, OrchestratorConfig config, SettingsReader reader)
    {
        services.AddSingleton<InMemoryGpuCloud>(_ => new InMemoryGpuCloud(config.Cycle.WorkerPrefix));
        services.AddSingleton<IGpuCloud>(sp => sp.GetRequiredService<InMemoryGpuCloud>());
        _ = reader;
        return services;
    }
}
