using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orchestrator.Configuration;
using Orchestrator.Core.InMemory;
using Orchestrator.Core.Ports;
using Orchestrator.Postgres;

namespace Orchestrator.Hosting;

/// <summary>
/// Chooses the fleet store: the database URL, else Supabase REST, else (ORCHESTRATOR_BACKEND=memory) in memory.
/// The memory backend replaces the cloud and the shell; a configured store is still used with it, so a dry
/// run can read a real queue without RunPod or SSH credentials.
/// </summary>
public static class StoreRegistration
{
    public static IServiceCollection AddFleetStore(this IServiceCollection services, OrchestratorConfig config, SettingsReader reader)
    {
        if (config.Supabase.DbConnectionString is { } connectionString)
        {
            services.AddSingleton<NpgsqlDataSource>(sp => FleetDataSource.Create(connectionString.Reveal(), sp.GetRequiredService<ILoggerFactory>()));
            services.AddSingleton<NpgsqlFleetStore>();
            services.AddSingleton<IFleetStore>(sp => sp.GetRequiredService<NpgsqlFleetStore>());
            return services;
        }
        // The Supabase REST store (SUPABASE_URL + SUPABASE_SERVICE_ROLE_KEY, no database URL) registers here.
        if (Backend.IsMemory(reader))
        {
            services.AddSingleton<InMemoryFleetStore>(_ => new InMemoryFleetStore(config.Demand));
            services.AddSingleton<IFleetStore>(sp => sp.GetRequiredService<InMemoryFleetStore>());
            return services;
        }
        reader.Problem("SUPABASE_DB_URL: no store is configured: set SUPABASE_DB_URL (or DATABASE_URL) to the Postgres connection string (or ORCHESTRATOR_BACKEND=memory to try the cycle in memory)");
        return services;
    }
}
