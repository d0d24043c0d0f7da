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
        new("default", "the runtimeconfig as built (src/Orchestrator/Orchestrator.csproj: tiered PGO off)", Env()),
        new("shipped", "the runtimeconfig plus the Dockerfile's and systemd unit's environment: gen0 budget 4 MiB, 2 malloc arenas",
            Env(("DOTNET_GCgen0size", "0x400000"), ("MALLOC_ARENA_MAX", "2"))),
        new("shipped-no-arena", "the runtimeconfig plus a gen0 budget of 4 MiB, glibc's default malloc arenas", Env(("DOTNET_GCgen0size", "0x400000"))),
        new("before", "as the service shipped before the soak: tiered PGO on, default gen0 budget", Env(("DOTNET_TieredPGO", "1"))),
        new("server-gc", "server GC (DATAS adapts the heap count in .NET 10)", Env(("DOTNET_gcServer", "1"))),
        new("non-concurrent", "no background GC thread", Env(("DOTNET_gcConcurrent", "0"))),
        new("no-tiered-pgo", "tiered compilation without its instrumented tier", Env(("DOTNET_TieredPGO", "0"))),
        new("no-tiered", "no tiered compilation (full JIT up front)", Env(("DOTNET_TieredCompilation", "0"))),
        new("conserve", "GCConserveMemory=7 (compacts sooner to keep the heap small)", Env(("DOTNET_GCConserveMemory", "7"))),
        new("hard-limit-64m", "GCHeapHardLimit 64 MiB", Env(("DOTNET_GCHeapHardLimit", "0x4000000"))),
        new("gen0-4m", "gen0 budget 4 MiB (GCgen0size)", Env(("DOTNET_GCgen0size", "0x400000"))),
        new("arena-2", "glibc malloc arenas capped at 2 (MALLOC_ARENA_MAX; glibc's default is 8 per core)", Env(("MALLOC_ARENA_MAX", "2"))),
        new("no-wx", "W^X off: JIT code mapped once, not twice through a memfd", Env(("DOTNET_EnableWriteXorExecute", "0"))),
        new("no-wx-no-pgo", "W^X off and no tiered PGO", Env(("DOTNET_EnableWriteXorExecute", "0"), ("DOTNET_TieredPGO", "0"))),
        new("no-wx-no-tiered", "W^X off and no tiered compilation", Env(("DOTNET_EnableWriteXorExecute", "0"), ("DOTNET_TieredCompilation", "0"))),
        new("no-wx-no-pgo-conserve", "W^X off, no tiered PGO, GCConserveMemory=7, gen0 4 MiB",
            Env(("DOTNET_EnableWriteXorExecute", "0"), ("DOTNET_TieredPGO", "0"), ("DOTNET_GCConserveMemory", "7"), ("DOTNET_GCgen0size", "0x400000"))),
    ];

    public static SoakVariant? Find(string name) => All.FirstOrDefault(v => string.Equals(v.Name, name, StringComparison.Ordinal));

    private static Dictionary<string, string> Env(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
}
