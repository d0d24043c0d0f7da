using Microsoft.Extensions.Logging;
using Orchestrator.Core.Domain;

namespace Orchestrator.RunPod;

/// <summary>Logs a pod status word this build does not know, once per word per process (the lifecycle treats it as dead).</summary>
internal sealed class UnknownStatusLog(ILogger logger)
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _seen = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<PodInfo> Note(IReadOnlyList<PodInfo> pods)
    {
        foreach (var pod in pods.Where(p => p.Status == PodStatus.Unknown))
        {
            var word = pod.ProviderStatus ?? "";
            bool first;
            lock (_gate)
            {
                first = _seen.Add(word);
            }
            if (first)
            {
                RunPodLog.UnknownStatus(logger, pod.Id, word);
            }
        }
        return pods;
    }
}
