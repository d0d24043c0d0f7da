using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orchestrator.Configuration;
using Orchestrator.Core.Cycle;
using Orchestrator.Core.Ports;
using Orchestrator.Logging;
using Orchestrator.Observability;
using Orchestrator.RunPod;

namespace Orchestrator.Hosting;

/// <summary>Fleet metrics on every cycle and RunPod call, and (when HEALTH_PORT is set) the /livez, /readyz, /healthz and /metrics listener (and the status page when enabled).</summary>
public static class ObservabilityRegistration
{
    public static IServiceCollection AddObservability(this IServiceCollection services, OrchestratorConfig config, SettingsReader reader)
    {
        var options = ObservabilityOptions.Read(reader, config.Cycle.PollInterval);
        services.AddSingleton(options);
        services.AddSingleton(sp => new FleetMetrics(sp.GetRequiredService<TimeProvider>(), config.Scaling.MaxHourlySpend));
        services.AddSingleton<ICycleObserver>(sp => sp.GetRequiredService<FleetMetrics>());
        services.AddSingleton<IRunPodCallObserver>(sp => sp.GetRequiredService<FleetMetrics>());
        if (options.Enabled)
        {
            // Built on first use, after every registration has read its secrets: the page's JSON is redacted with all of them.
            services.AddSingleton(sp => new StatusPage(sp.GetRequiredService<FleetMetrics>(), StatusHistoryOf(sp), BackoffsOf(sp),
                options, sp.GetRequiredService<TimeProvider>(),
                SecretRedactor.FromConfig(config, reader.SecretsRead)));
            services.AddSingleton<HealthServer>();
            services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<HealthServer>());
        }
        return services;
    }

    /// <summary>The store's history when the store keeps one (both database stores and the in-memory one do).</summary>
    private static StatusHistory StatusHistoryOf(IServiceProvider sp) =>
        new(sp.GetService<IFleetStore>() as IFleetHistory, sp.GetRequiredService<TimeProvider>());

    /// <summary>The RunPod adapter's placement back-offs; none when the cloud is another (a test's fake).</summary>
    private static Func<IReadOnlyList<PlacementBackoffEntry>> BackoffsOf(IServiceProvider sp) =>
        sp.GetService<IGpuCloud>() is RunPodGpuCloud cloud ? cloud.Backoff.Active : () => [];
}
