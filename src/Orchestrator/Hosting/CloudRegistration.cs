using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orchestrator.Configuration;
using Orchestrator.Core.Ports;
using Orchestrator.RunPod;

namespace Orchestrator.Hosting;

/// <summary>Registers the GPU cloud adapter: RunPod over GraphQL, or REST with RUNPOD_API=rest. Tests replace <see cref="IGpuCloud"/> after this.</summary>
public static class CloudRegistration
{
    public static IServiceCollection AddGpuCloud(this IServiceCollection services, OrchestratorConfig config, SettingsReader reader)
    {
        var options = ReadRunPod(config, reader);
        services.AddSingleton(options);
        services.AddHttpClient(RunPodFactory.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton(sp => RunPodFactory.Create(options, sp.GetRequiredService<IHttpClientFactory>().CreateClient(RunPodFactory.HttpClientName),
            sp.GetRequiredService<ILoggerFactory>(), sp.GetRequiredService<TimeProvider>(), sp.GetService<IRunPodCallObserver>()));
        services.AddSingleton<IGpuCloud>(sp => sp.GetRequiredService<RunPodGpuCloud>());
        return services;
    }

    /// <summary>RunPod options plus the key requirement; problems go to <paramref name="reader"/>.</summary>
    public static RunPodOptions ReadRunPod(OrchestratorConfig config, SettingsReader reader)
    {
        var options = RunPodOptionsReader.Read(reader, config);
        if (options.ApiKey is null)
        {
            reader.Problem("RUNPOD_API_KEY: not set; it is required to manage pods");
        }
        return options;
    }
}
