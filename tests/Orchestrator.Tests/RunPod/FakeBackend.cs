using Orchestrator.Tests.Ssh;

namespace Orchestrator.Tests.RunPod;

/// <summary>
/// The service's real adapters pointed at stand-ins, for tests that run it the way the binary does (a child
/// process, or <c>CommandRunner</c> in process) where no DI hook reaches: RunPod is this test's own loopback
/// <see cref="FakeRunPodServer"/>, the SSH key is the test run's throwaway key, and the Supabase URL and service
/// key (handed to workers, never called here) are placeholders. The store is the caller's: add SUPABASE_DB_URL.
/// </summary>
public sealed class FakeBackend : IAsyncDisposable
{
    private FakeBackend(FakeRunPodServer runPod) => RunPod = runPod;

    public FakeRunPodServer RunPod { get; }

    public static async Task<FakeBackend> StartAsync(FakeRunPodState? state = null) => new(await FakeRunPodServer.StartAsync(state));

    /// <summary>The backend's settings with <paramref name="extra"/> on top (null values drop a setting).</summary>
    public Dictionary<string, string?> Settings(params (string Key, string? Value)[] extra)
    {
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["RUNPOD_API_KEY"] = RunPod.State.ApiKey,
            ["RUNPOD_API_BASE_URL"] = RunPod.GraphQlUrl.ToString(),
            ["RUNPOD_REST_BASE_URL"] = RunPod.RestUrl.ToString(),
            ["RUNPOD_SSH_PRIVATE_KEY_PATH"] = TestKeys.ClientKeyPath,
            ["SUPABASE_URL"] = "https://placeholder.supabase.co",
            ["SUPABASE_SERVICE_ROLE_KEY"] = "placeholder-service-role-key",
            // The fake's pods boot on its manual clock: the creating cycle must not wait for them to run.
            ["SPAWN_BOOTSTRAP_WAIT_SEC"] = "0",
        };
        foreach (var (key, value) in extra)
        {
            if (value is null)
            {
                settings.Remove(key);
            }
            else
            {
                settings[key] = value;
            }
        }
        return settings;
    }

    /// <summary>The same as environment variables for a child process.</summary>
    public Dictionary<string, string> Environment(params (string Key, string? Value)[] extra) =>
        Settings(extra).Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value!, StringComparer.Ordinal);

    public ValueTask DisposeAsync() => RunPod.DisposeAsync();
}
