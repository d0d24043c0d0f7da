using Orchestrator.Configuration;

namespace Orchestrator.Supabase;

/// <summary>
/// The Supabase REST store: the project URL, the service key and the HTTP budget of one store call.
/// Read only when the REST store is chosen (no database URL).
/// </summary>
public sealed class SupabaseRestOptions
{
    public required Uri Url { get; init; }

    /// <summary>Sent only in the <c>apikey</c> and <c>Authorization</c> headers, never in a URL or a log line.</summary>
    public required Secret ServiceRoleKey { get; init; }

    /// <summary>One HTTP attempt [SUPABASE_HTTP_TIMEOUT_SEC].</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A whole store call, retries included; keep it below the poll interval [SUPABASE_HTTP_BUDGET_SEC].</summary>
    public TimeSpan CallBudget { get; init; } = TimeSpan.FromSeconds(25);

    /// <summary>Retries of reads and idempotent writes on 5xx, 408, 429 and timeouts [SUPABASE_HTTP_RETRIES].</summary>
    public int RetryAttempts { get; init; } = 3;

    /// <summary>First retry delay; doubles with jitter [SUPABASE_HTTP_RETRY_DELAY_MS].</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Reads the REST settings; every bad value becomes a problem in <paramref name="r"/>.</summary>
    public static SupabaseRestOptions Read(SettingsReader r, Uri url, Secret key)
    {
        const string s = "Orchestrator:Supabase:";
        if (url.Scheme == Uri.UriSchemeHttp && !url.IsLoopback)
        {
            r.Problem($"SUPABASE_URL: '{url}' is plain http: the service key would cross the network in clear; use https (http is accepted for localhost only)");
        }
        if (ServiceKeyCheck.Problem(key) is { } problem)
        {
            r.Problem($"SUPABASE_SERVICE_ROLE_KEY: {problem} (value hidden)");
        }
        var timeout = r.Seconds("SUPABASE_HTTP_TIMEOUT_SEC", s + "HttpTimeoutSec", TimeSpan.FromSeconds(10), 0.1);
        var budget = r.Seconds("SUPABASE_HTTP_BUDGET_SEC", s + "HttpBudgetSec", TimeSpan.FromSeconds(25), 0.1);
        if (budget < timeout)
        {
            r.Problem($"SUPABASE_HTTP_BUDGET_SEC: {budget.TotalSeconds} is below SUPABASE_HTTP_TIMEOUT_SEC {timeout.TotalSeconds}");
        }
        return new SupabaseRestOptions
        {
            Url = url,
            ServiceRoleKey = key,
            RequestTimeout = timeout,
            CallBudget = budget,
            RetryAttempts = r.Int("SUPABASE_HTTP_RETRIES", s + "HttpRetries", 3, 0, 10),
            RetryBaseDelay = TimeSpan.FromMilliseconds(r.Int("SUPABASE_HTTP_RETRY_DELAY_MS", s + "HttpRetryDelayMs", 500, 0, 60_000)),
        };
    }
}
