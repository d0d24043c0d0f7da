using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orchestrator.Configuration;
using Orchestrator.Core.Cycle;
using Orchestrator.Observability;

namespace Orchestrator.Hosting;

/// <summary>Fleet metrics on every cycle, and (when HEALTH_PORT is set) the /healthz and /metrics listener.</summary>
public static class ObservabilityRegistration
{
    public static IServiceCollection AddObservability(this IServiceCollection services, OrchestratorConfig config, SettingsReader reader)
    {
        var options = ObservabilityOptions.Read(reader, config.Cycle.PollInterval);
        services.AddSingleton(options);
        services.AddSingleton<FleetMetrics>();
        services.AddSingleton<ICycleObserver>(sp => sp.GetRequiredService<FleetMetrics>());
        if (options.Enabled)
        {
            services.AddSingleton<HealthServer>();
            services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<HealthServer>());
        }
        return services;
    }
}
