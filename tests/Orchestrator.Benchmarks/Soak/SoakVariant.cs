namespace Orchestrator.Benchmarks.Soak;

/// <summary>
/// A runtime configuration the soak runs the service under: environment variables on top of what the service's
/// runtimeconfig.json says (a <c>DOTNET_</c> variable wins over runtimeconfig). <c>default</c> is the shipped configuration.
/// </summary>
public sealed record SoakVariant(string Name, string Description, IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>Every named variant, in the order a comparison prints them.</summary>
    public static IReadOnlyList<SoakVariant> All { get; } =
    [
        new("default", "as shipped (src/Orchestrator/Orchestrator.csproj)", Env()),
        new("before", "as the service shipped before the soak (workstation GC, concurrent, tiered PGO; no gen0 budget)",
            Env(("DOTNET_gcConcurrent", "1"), ("DOTNET_GCgen0size", "0"), ("DOTNET_TieredPGO", "1"), ("DOTNET_GCConserveMemory", "0"))),
        new("server-gc", "server GC (DATAS adapts the heap count in .NET 10)", Env(("DOTNET_gcServer", "1"))),
        new("non-concurrent", "no background GC thread", Env(("DOTNET_gcConcurrent", "0"))),
        new("no-tiered-pgo", "tiered compilation without its instrumented tier", Env(("DOTNET_TieredPGO", "0"))),
        new("no-tiered", "no tiered compilation (full JIT up front)", Env(("DOTNET_TieredCompilation", "0"))),
        new("conserve", "GCConserveMemory=7 (compacts sooner to keep the heap small)", Env(("DOTNET_GCConserveMemory", "7"))),
        new("hard-limit-64m", "GCHeapHardLimit 64 MiB", Env(("DOTNET_GCHeapHardLimit", "0x4000000"))),
        new("gen0-4m", "gen0 budget 4 MiB (GCgen0size)", Env(("DOTNET_GCgen0size", "0x400000"))),
    ];

    public static SoakVariant? Find(string name) => All.FirstOrDefault(v => string.Equals(v.Name, name, StringComparison.Ordinal));

    private static Dictionary<string, string> Env(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
}
