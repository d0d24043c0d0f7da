using Orchestrator.Core.Ports;
using Orchestrator.RunPod;

namespace Orchestrator.Service.Checks;

/// <summary>How the RunPod checks report a refused key: named by its variable, never printed.</summary>
internal static class RunPodCheckErrors
{
    public static StartupCheckResult KeyRefused(CloudException ex, RunPodOptions options)
    {
        var message = ex.Message;
        if (options.ApiKey is { IsEmpty: false } key)
        {
            message = message.Replace(key.Reveal(), "***", StringComparison.Ordinal);
        }
        return StartupCheckResult.Fail($"RunPod refused the API key (RUNPOD_API_KEY): {message}");
    }
}
