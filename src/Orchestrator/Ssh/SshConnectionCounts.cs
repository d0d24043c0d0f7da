using System.Collections.Concurrent;

namespace Orchestrator.Ssh;

/// <summary>SSH connections opened (handshake and authentication completed) per pod, for tests, the benchmark and metrics.</summary>
public sealed class SshConnectionCounts
{
    private readonly ConcurrentDictionary<string, int> _byPod = new(StringComparer.Ordinal);

    public void Opened(string podId) => _byPod.AddOrUpdate(podId, 1, (_, n) => n + 1);

    public int For(string podId) => _byPod.GetValueOrDefault(podId);

    public IReadOnlyDictionary<string, int> ByPod => new Dictionary<string, int>(_byPod, StringComparer.Ordinal);
}
