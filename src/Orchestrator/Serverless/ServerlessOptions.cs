using Orchestrator.Configuration;

namespace Orchestrator.Serverless;

/// <summary>
/// Settings of the serverless job client, the pod-first router and result download. Names follow
/// the backend the seeds describe (RUNPOD_SERVER_*_ID, SB_SPOT_*, POLLING_INTERVAL ...); each also has
/// a path under <c>Orchestrator:Serverless:</c>. Durations are seconds and accept fractions (0.005 = 5 ms).
/// </summary>
public sealed class ServerlessOptions
{
    public const string DefaultBaseUrl = "https://api.runpod.ai/v2";
    private const string S = "Orchestrator:Serverless:";

    public Secret? ApiKey { get; init; }
    public required Uri BaseUrl { get; init; }
    public string? EndpointId { get; init; }

    /// <summary>Endpoint ids by mode (wizard, regular, schnell, poster); only the configured ones.</summary>
    public IReadOnlyDictionary<string, string> ModeEndpoints { get; init; } = new Dictionary<string, string>();

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan MaxPollingDuration { get; init; } = TimeSpan.FromSeconds(180);
    public int MaxPollingAttempts { get; init; } = 120;

    /// <summary>How long one <c>/runsync</c> call may wait server-side (sent as <c>?wait=</c>, clamped to 1–300 s).</summary>
    public TimeSpan SyncTimeout { get; init; } = TimeSpan.FromSeconds(700);

    /// <summary>Timeout of one read call (status, health, cancel) per attempt.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);
    public int RetryAttempts { get; init; } = 3;
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    public Uri? PodUrl { get; init; }
    public string? PodName { get; init; }
    public Secret? PodApiKey { get; init; }
    public TimeSpan PodTimeout { get; init; } = TimeSpan.FromSeconds(600);
    public TimeSpan PodReadyTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public long DownloadMaxBytes { get; init; } = 64L * 1024 * 1024;
    public TimeSpan DownloadTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public LoggingSettings Logging { get; init; } = new();

    public static IReadOnlyList<string> Modes { get; } = ["wizard", "regular", "schnell", "poster"];

    /// <summary>Reads every setting; problems land in <paramref name="r"/>. The API key is checked by <see cref="RequireApiKey"/>.</summary>
    public static ServerlessOptions Read(SettingsReader r) => new()
    {
        ApiKey = r.Secret("RUNPOD_API_KEY", "Orchestrator:RunPod:ApiKey"),
        BaseUrl = r.HttpUrl("RUNPOD_SERVERLESS_BASE_URL", S + "BaseUrl") ?? new Uri(DefaultBaseUrl),
        EndpointId = ReadId(r, "RUNPOD_ENDPOINT_ID", S + "EndpointId"),
        ModeEndpoints = ReadModeEndpoints(r),
        PollInterval = r.Seconds("POLLING_INTERVAL", S + "PollingIntervalSec", TimeSpan.FromSeconds(1), 0.001),
        MaxPollingDuration = r.Seconds("MAX_POLLING_DURATION", S + "MaxPollingDurationSec", TimeSpan.FromSeconds(180), 0.001),
        MaxPollingAttempts = r.Int("MAX_POLLING_ATTEMPTS", S + "MaxPollingAttempts", 120, 1),
        SyncTimeout = r.Seconds("SYNC_TIMEOUT", S + "SyncTimeoutSec", TimeSpan.FromSeconds(700), 1),
        RequestTimeout = r.Seconds("SERVERLESS_REQUEST_TIMEOUT", S + "RequestTimeoutSec", TimeSpan.FromSeconds(30), 0.01),
        RetryAttempts = r.Int("SERVERLESS_RETRY_ATTEMPTS", S + "RetryAttempts", 3, 0, 10),
        RetryBaseDelay = r.Seconds("SERVERLESS_RETRY_DELAY", S + "RetryDelaySec", TimeSpan.FromSeconds(1), 0),
        PodUrl = r.HttpUrl("SB_SPOT_URL", S + "PodUrl"),
        PodName = r.String("SB_SPOT_NAME", S + "PodName"),
        PodApiKey = r.Secret("SB_SPOT_API_KEY", S + "PodApiKey"),
        PodTimeout = r.Seconds("POD_TIMEOUT", S + "PodTimeoutSec", TimeSpan.FromSeconds(600), 0.01),
        PodReadyTimeout = r.Seconds("POD_READY_TIMEOUT", S + "PodReadyTimeoutSec", TimeSpan.FromSeconds(5), 0.01),
        DownloadMaxBytes = (long)(r.Double("DOWNLOAD_MAX_MB", S + "DownloadMaxMb", 64, 0.001, 4096) * 1024 * 1024),
        DownloadTimeout = r.Seconds("DOWNLOAD_TIMEOUT", S + "DownloadTimeoutSec", TimeSpan.FromSeconds(60), 0.01),
        Logging = LoggingSettings.Read(r),
    };

    /// <summary>Adds a problem when RUNPOD_API_KEY is missing (only the serverless commands need it).</summary>
    public void RequireApiKey(SettingsReader r)
    {
        if (ApiKey is null)
        {
            r.Problem("RUNPOD_API_KEY: missing (required for the serverless and generate commands)");
        }
    }

    /// <summary>The endpoint for a mode: its RUNPOD_SERVER_*_ID, else RUNPOD_ENDPOINT_ID, else null.</summary>
    public string? EndpointFor(string? mode) =>
        mode is not null && ModeEndpoints.TryGetValue(mode, out var id) ? id : EndpointId;

    public static string ModeVariable(string mode) => mode switch
    {
        "wizard" => "RUNPOD_SERVER_100_ID",
        "regular" => "RUNPOD_SERVER_150_ID",
        "schnell" => "RUNPOD_SERVER_SCHNELL_ID",
        _ => "RUNPOD_SERVER_POSTER_ID",
    };

    private static Dictionary<string, string> ReadModeEndpoints(SettingsReader r)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var mode in Modes)
        {
            if (ReadId(r, ModeVariable(mode), S + "Endpoints:" + mode) is { } id)
            {
                result[mode] = id;
            }
        }
        return result;
    }

    /// <summary>Endpoint ids go into URL paths, so only letters, digits, '-' and '_' are accepted.</summary>
    internal static string? ReadId(SettingsReader r, string env, string path)
    {
        if (r.Raw(env, path) is not { } raw)
        {
            return null;
        }
        if (!EndpointIdIsValid(raw.Value))
        {
            r.Problem($"{raw.Name}: '{raw.Value}' is not an endpoint id (letters, digits, '-' and '_' only)");
            return null;
        }
        return raw.Value;
    }

    public static bool EndpointIdIsValid(string id) =>
        id.Length is > 0 and <= 128 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
