using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Orchestrator.Service.Checks;

/// <summary>Registers the service's own <see cref="IStartupCheck"/>s; other areas add theirs in their registrations.</summary>
public static class CheckRegistration
{
    /// <summary>Call after the store is registered (the database check needs to know whether there is one).</summary>
    public static IServiceCollection AddStartupChecks(this IServiceCollection services)
    {
        services.AddSingleton<IStartupCheck, ConfigurationCheck>();
        services.AddSingleton<IStartupCheck, FleetStoreCheck>();
        services.AddSingleton<IStartupCheck, GpuCloudCheck>();
        if (services.Any(d => d.ServiceType == typeof(NpgsqlDataSource)))
        {
            services.AddSingleton<IStartupCheck, DatabaseCheck>();
        }
        return services;
    }
}
