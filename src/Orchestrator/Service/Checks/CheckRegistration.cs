using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orchestrator.RunPod;
using Orchestrator.Ssh;
using Orchestrator.Supabase;

namespace Orchestrator.Service.Checks;

/// <summary>Registers the service's own <see cref="IStartupCheck"/>s; other areas add theirs in their registrations.</summary>
public static class CheckRegistration
{
    /// <summary>
    /// Call after the store, the cloud and the bootstrapper are registered: the database, RunPod and SSH key
    /// checks are added only when their adapter is registered.
    /// </summary>
    public static IServiceCollection AddStartupChecks(this IServiceCollection services)
    {
        services.AddSingleton<IStartupCheck, ConfigurationCheck>();
        services.AddSingleton<IStartupCheck, FleetStoreCheck>();
        services.AddSingleton<IStartupCheck, GpuCloudCheck>();
        if (Has<StoreChoice>(services))
        {
            services.AddSingleton<IStartupCheck, StoreChoiceCheck>();
        }
        if (Has<RunPodGpuCloud>(services))
        {
            services.AddSingleton<IStartupCheck, RunPodGpuTypesCheck>();
            services.AddSingleton<IStartupCheck, RunPodNetworkVolumesCheck>();
        }
        if (Has<SshPrivateKey>(services))
        {
            services.AddSingleton<IStartupCheck, SshKeyCheck>();
        }
        if (Has<NpgsqlDataSource>(services))
        {
            services.AddSingleton<IStartupCheck, DatabaseCheck>();
            services.AddSingleton<IStartupCheck, WakeUpCheck>();
        }
        return services;
    }

    private static bool Has<T>(IServiceCollection services) => services.Any(d => d.ServiceType == typeof(T));
}
