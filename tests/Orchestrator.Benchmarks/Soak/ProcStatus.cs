using System.Globalization;

namespace Orchestrator.Benchmarks.Soak;

/// <summary>A process's memory as Linux reports it: VmRSS split into anonymous and file-backed pages, threads, and how many
/// distinct .dll files it has mapped (the assemblies it loaded).</summary>
public sealed record ProcStatus(long RssBytes, long AnonBytes, long FileBytes, int Threads, int MappedAssemblies)
{
    public static ProcStatus Read(int pid)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                fields[line[..colon]] = line[(colon + 1)..].Trim();
            }
        }
        var dlls = File.ReadLines($"/proc/{pid}/maps").Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(p => p.Length >= 6 && p[5].EndsWith(".dll", StringComparison.Ordinal)).Select(p => p[5]).Distinct(StringComparer.Ordinal).Count();
        return new ProcStatus(Kb(fields, "VmRSS"), Kb(fields, "RssAnon"), Kb(fields, "RssFile") + Kb(fields, "RssShmem"),
            int.Parse(fields.GetValueOrDefault("Threads", "0"), CultureInfo.InvariantCulture), dlls);
    }

    private static long Kb(Dictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out var value) ? long.Parse(value.Split(' ')[0], CultureInfo.InvariantCulture) * 1024 : 0;
}
