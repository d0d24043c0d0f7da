using Orchestrator.Configuration;

namespace Orchestrator.Bootstrap;

/// <summary>What the worker needs to reach Supabase; handed over only through its environment.</summary>
public sealed record WorkerSecrets(Uri SupabaseUrl, Secret ServiceRoleKey, Secret? AnonKey)
{
    /// <summary>The worker's environment, in a stable order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Environment(string workerId)
    {
        var env = new List<KeyValuePair<string, string>>
        {
            new("WORKER_ID", workerId),
            new("SUPABASE_URL", SupabaseUrl.ToString().TrimEnd('/')),
            new("SUPABASE_SERVICE_ROLE_KEY", ServiceRoleKey.Reveal()),
            new("SUPABASE_SERVICE_KEY", ServiceRoleKey.Reveal()),
        };
        if (AnonKey is not null)
        {
            env.Add(new("SUPABASE_ANON_KEY", AnonKey.Reveal()));
        }
        return env;
    }

    /// <summary>Values to hide in any remote output before it is logged or stored.</summary>
    public IEnumerable<string> Values()
    {
        yield return ServiceRoleKey.Reveal();
        if (AnonKey is not null)
        {
            yield return AnonKey.Reveal();
        }
    }
}
