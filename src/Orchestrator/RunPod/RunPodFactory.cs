using Microsoft.Extensions.Logging;

namespace Orchestrator.RunPod;

/// <summary>Builds the RunPod adapter for the chosen dialect from options and an HttpClient (from IHttpClientFactory in the host).</summary>
public static class RunPodFactory
{
    public const string HttpClientName = "runpod";

    public static RunPodGpuCloud Create(RunPodOptions options, HttpClient http, ILoggerFactory loggers, TimeProvider time, IRunPodCallObserver? observer = null)
    {
#pragma warning disable CA2000 // the transport holds no unmanaged state of its own (the HttpClient is the factory's); the metrics belong to the cloud, which disposes them
        var transport = new RunPodHttp(http, options, loggers.CreateLogger("Orchestrator.RunPod.Http"), time, observer);
        IRunPodApi api = options.UsesRest ? new RunPodRestApi(transport, options, time) : new RunPodGraphQlApi(transport, options);
        return new RunPodGpuCloud(api, new RunPodCatalog(api, options, time),
            new PlacementBackoff(options.PlacementBackoff, options.PlacementBackoffMax, time), options, new RunPodMetrics(observer), loggers.CreateLogger<RunPodGpuCloud>());
#pragma warning restore CA2000
    }
}
