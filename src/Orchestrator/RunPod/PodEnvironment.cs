namespace Orchestrator.RunPod;

/// <summary>
/// The one place the worker's pod environment is built. Values include service keys: pass them to
/// the API body only, never to a log line.
/// </summary>
public static class PodEnvironment
{
    /// <summary>Names the orchestrator sets itself; WORKER_EXTRA_ENV may not override them.</summary>
    public static IReadOnlySet<string> Reserved { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "WORKER_ID", "SUPABASE_URL", "SUPABASE_SERVICE_ROLE_KEY", "SUPABASE_ANON_KEY", "PUBLIC_KEY",
    };

    public static IReadOnlyList<KeyValuePair<string, string>> Build(string workerId, RunPodOptions options)
    {
        var env = new List<KeyValuePair<string, string>> { new("WORKER_ID", workerId) };
        if (options.SupabaseUrl is { } url)
        {
            env.Add(new("SUPABASE_URL", url.ToString().TrimEnd('/')));
        }
        if (options.SupabaseServiceRoleKey is { } service)
        {
            env.Add(new("SUPABASE_SERVICE_ROLE_KEY", service.Reveal()));
        }
        if (options.SupabaseAnonKey is { } anon)
        {
            env.Add(new("SUPABASE_ANON_KEY", anon.Reveal()));
        }
        if (options.SshPublicKey is { Length: > 0 } key)
        {
            env.Add(new("PUBLIC_KEY", key));
        }
        env.AddRange(options.ExtraEnv.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => new KeyValuePair<string, string>(kv.Key, kv.Value.Reveal())));
        return env;
    }

    /// <summary>The names only, safe to log.</summary>
    public static string Names(IReadOnlyList<KeyValuePair<string, string>> env) => string.Join(",", env.Select(kv => kv.Key));
}
