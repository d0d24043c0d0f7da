using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Orchestrator.TestSupport;

/// <summary>
/// In-memory adapters in place of the service's own, through the composition's <c>configure</c> hook
/// (<c>AppStartup.Compose</c>, <c>ServiceHost.Build</c>). The shipped service registers RunPod, OpenSSH and a
/// real store only; tests and the benchmarks swap ports here.
/// </summary>
public static class FakeAdapters
{
    /// <summary>
    /// Settings that pass the RunPod, SSH and Supabase validation while naming nothing that answers (the discard
    /// port on loopback), for a host whose <c>IGpuCloud</c> and <c>IWorkerBootstrapper</c> are replaced with
    /// <see cref="Use{TPort}"/>. Add <c>SUPABASE_DB_URL</c> for a real store, or replace <c>IFleetStore</c> too.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> OfflineSettings { get; } = new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["RUNPOD_API_KEY"] = "rp_offline_key_never_sent",
        ["RUNPOD_API_BASE_URL"] = "http://127.0.0.1:9/graphql",
        ["RUNPOD_REST_BASE_URL"] = "http://127.0.0.1:9/v2",
        ["RUNPOD_SSH_PRIVATE_KEY"] = "offline-ssh-key-never-used",
        ["SUPABASE_URL"] = "http://127.0.0.1:9",
        ["SUPABASE_SERVICE_ROLE_KEY"] = "offline-service-key-never-sent",
        // The fakes' pods run only when a test advances their clock: the creating cycle must not wait for them.
        ["SPAWN_BOOTSTRAP_WAIT_SEC"] = "0",
    };

    /// <summary><paramref name="settings"/> over <see cref="OfflineSettings"/> (the caller's values win).</summary>
    public static Dictionary<string, string?> Offline(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var merged = new Dictionary<string, string?>(OfflineSettings, StringComparer.Ordinal);
        foreach (var (key, value) in settings)
        {
            merged[key] = value;
        }
        return merged;
    }

    /// <summary>Makes <paramref name="adapter"/> the only registration of <typeparamref name="TPort"/>.</summary>
    public static IServiceCollection Use<TPort>(this IServiceCollection services, TPort adapter)
        where TPort : class
    {
        services.RemoveAll<TPort>();
        services.AddSingleton(adapter);
        return services;
    }
}
