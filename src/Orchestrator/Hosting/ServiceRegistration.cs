using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Configuration;
using Orchestrator.Core.Cycle;
using Orchestrator.Core.Decisions;
using Orchestrator.Service.Checks;

namespace Orchestrator.Hosting;

/// <summary>The composition root: decisions, the cycle and one adapter per port.</summary>
public static class ServiceRegistration
{
    public static IServiceCollection AddOrchestrator(this IServiceCollection services, OrchestratorConfig config, SettingsReader reader)
    {
        services.AddStoreOnly(config, reader);
        services.AddSingleton(new CycleSettings(config.Cycle, config.Health, config.Breaker, config.Scaling) { Spot = config.Spot });
        services.AddSingleton<IScalingPolicy>(_ => PolicyFactory.Create(config.Scaling));
        services.AddSingleton<CyclePlanner>();
        services.AddSingleton<ControlCycle>();
        services.AddGpuCloud(config, reader);
        services.AddWorkerBootstrapper(config, reader);
        services.AddObservability(config, reader);
        services.AddStartupChecks();
        return services;
    }

    /// <summary>
    /// What the store-only commands (status, drain, pause, resume) need: the options and the store. RunPod and
    /// SSH settings are neither read nor required, so an operator can look at the fleet with the database URL alone.
    /// </summary>
    public static IServiceCollection AddStoreOnly(this IServiceCollection services, OrchestratorConfig config, SettingsReader reader)
    {
        RefuseRemovedBackend(reader);
        services.AddSingleton(config);
        services.AddSingleton(TimeProvider.System);
        services.AddOrchestratorOptions(config);
        services.AddFleetStore(config, reader);
        return services;
    }

    /// <summary>
    /// <c>ORCHESTRATOR_BACKEND=memory</c> once swapped RunPod and SSH for in-memory fakes; the fakes now live in the
    /// test projects. A value other than <c>real</c> is refused, not ignored: an old dry-run setting must never
    /// fall through to the live adapters.
    /// </summary>
    private static void RefuseRemovedBackend(SettingsReader reader)
    {
        if (reader.String("ORCHESTRATOR_BACKEND", "Orchestrator:Backend", null) is { } backend && backend != "real")
        {
            reader.Problem($"ORCHESTRATOR_BACKEND: '{backend}' is not supported: the service has no in-memory backend any more; unset it (try the cycle without acting with `once --dry-run` or `simulate`)");
        }
    }
}
