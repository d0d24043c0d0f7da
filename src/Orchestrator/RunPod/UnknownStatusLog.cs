using Microsoft.Extensions.Logging;
using Orchestrator.Core.Domain;

namespace Orchestrator.RunPod;

/// <summary>
/// Logs a pod status word this build does not know, once per word per process (the lifecycle treats it as dead). Words
/// are cut to <see cref="MaxWordLength"/> characters and at most <see cref="MaxWords"/> are remembered, so an answer
/// inventing a new word every time neither floods the log nor grows the set without bound.
/// </summary>
internal sealed class UnknownStatusLog(ILogger logger)
{
    public const int MaxWords = 64;
    public const int MaxWordLength = 64;

    private readonly Lock _gate = new();
    private readonly HashSet<string> _seen = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Distinct words remembered so far (for tests).</summary>
    public int Remembered { get { lock (_gate) { return _seen.Count; } } }

    public IReadOnlyList<PodInfo> Note(IReadOnlyList<PodInfo> pods)
    {
        foreach (var pod in pods.Where(p => p.Status == PodStatus.Unknown))
        {
            var word = pod.ProviderStatus ?? "";
            word = word.Length > MaxWordLength ? word[..MaxWordLength] + "…" : word;
            bool first;
            lock (_gate)
            {
                first = _seen.Count < MaxWords && _seen.Add(word);
            }
            if (first)
            {
                RunPodLog.UnknownStatus(logger, pod.Id, word);
            }
        }
        return pods;
    }
}
