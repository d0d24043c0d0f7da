namespace Orchestrator.Ssh;

/// <summary>
/// Orders SSH.NET's key-exchange offers (the client's order decides). <c>fast</c>: mlkem768x25519 first (post-quantum and
/// cheap), then curve25519, then the rest, sntrup761x25519 last, whose managed implementation costs several times the
/// handshake CPU; measured on the loopback burst (docs/ssh.md). <c>pq</c>: SSH.NET's own order.
/// </summary>
internal static class KeyExchangeOrder
{
    private static readonly string[] Fast = ["mlkem768x25519-sha256", "curve25519-sha256", "curve25519-sha256@libssh.org"];

    public static void Apply<T>(IDictionary<string, T> algorithms, string preference)
    {
        if (preference != "fast")
        {
            return;
        }
        var all = algorithms.ToList();
        var ordered = all.Where(a => Fast.Contains(a.Key)).OrderBy(a => Array.IndexOf(Fast, a.Key))
            .Concat(all.Where(a => !Fast.Contains(a.Key) && !a.Key.StartsWith("sntrup", StringComparison.Ordinal)))
            .Concat(all.Where(a => a.Key.StartsWith("sntrup", StringComparison.Ordinal)))
            .ToList();
        // Cleared first: a Dictionary refills freed slots, so only adding into an empty one keeps the order.
        algorithms.Clear();
        foreach (var (name, factory) in ordered)
        {
            algorithms.Add(name, factory);
        }
    }
}
