using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Configuration;
using Orchestrator.Core.InMemory;
using Orchestrator.Core.Ports;

namespace Orchestrator.Hosting;

/// <summary>Chooses the fleet store: the database URL, Supabase REST, or (ORCHESTRATOR_BACKEND=memory) in memory.</summary>
public static class StoreRegistration
{
    public static IServiceCollection AddFleetStore(this IServiceCollection services, OrchestratorConfig config, SettingsReader reader)
    {
        if (Backend.IsMemory(reader))
        {
            services.AddSingleton<InMemoryFleetStore>(_ => new InMemoryFleetStore(config.Demand));
            services.AddSingleton<IFleetStore>(sp => sp.GetRequiredService<InMemoryFleetStore>());
            return services;
        }
        reader.Problem("SUPABASE_DB_URL: no store is available in this build yet (set ORCHESTRATOR_BACKEND=memory to try the cycle in memory)");
        return services;
    }
}
