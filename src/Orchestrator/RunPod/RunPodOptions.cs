using Orchestrator.Configuration;

namespace Orchestrator.RunPod;

/// <summary>How pods are created on RunPod and how the API is called. Read by <see cref="RunPodOptionsReader"/>.</summary>
public sealed class RunPodOptions
{
    /// <summary>"graphql" (default) or "rest" [RUNPOD_API].</summary>
    public string Api { get; set; } = "graphql";
    public Secret? ApiKey { get; set; }
    public Uri GraphQlUrl { get; set; } = new("https://api.runpod.io/graphql");
    /// <summary>REST API v2 base [RUNPOD_REST_BASE_URL]; paths such as <c>pods</c> are appended.</summary>
    public Uri RestBaseUrl { get; set; } = new("https://api.runpod.io/v2");

    /// <summary>Ranked GPU types, best first [RUNPOD_GPU_TYPE, comma list, "name:maxPrice"].</summary>
    public IReadOnlyList<GpuChoice> GpuTypes { get; set; } = [new("NVIDIA GeForce RTX 4090", null)];
    public string Image { get; set; } = "runpod/pytorch:2.4.0-py3.11-cuda12.4.1-devel-ubuntu22.04";
    /// <summary>SECURE, COMMUNITY or ALL.</summary>
    public string CloudType { get; set; } = "SECURE";
    /// <summary>
    /// Spot may be asked for (RUNPOD_SPOT true or mixed): the bid is required and REST v2 refused at start. Which creates
    /// are spot is chosen per create by the cycle (<see cref="Core.Ports.PodRequest.Spot"/>).
    /// </summary>
    public bool Spot { get; set; }
    public decimal? BidPerGpu { get; set; }
    public int ContainerDiskGb { get; set; } = 50;
    public int VolumeGb { get; set; } = 50;
    public int MinVcpuCount { get; set; } = 8;
    public int MinMemoryGb { get; set; } = 32;
    /// <summary>Memory tiers tried in order, largest first, none below <see cref="MinMemoryGb"/>.</summary>
    public IReadOnlyList<int> MemoryTiers { get; set; } = [72, 60, 48, 32];
    /// <summary>Network volumes by name, in order of preference; each pins a data center.</summary>
    public IReadOnlyList<string> StorageNames { get; set; } = [];
    public string? NetworkVolumeId { get; set; }
    public string VolumeMountPath { get; set; } = "/workspace";
    public IReadOnlyList<string> Ports { get; set; } = ["22/tcp"];
    public bool StartSsh { get; set; } = true;
    public bool SupportPublicIp { get; set; } = true;
    public string? SshPublicKey { get; set; }

    /// <summary>Operator-defined env for the worker [WORKER_EXTRA_ENV]; values are treated as secrets.</summary>
    public IReadOnlyDictionary<string, Secret> ExtraEnv { get; set; } = new Dictionary<string, Secret>();
    public Uri? SupabaseUrl { get; set; }
    public Secret? SupabaseServiceRoleKey { get; set; }
    public Secret? SupabaseAnonKey { get; set; }

    /// <summary>Name prefix of our pods (WORKER_NAME_PREFIX); pods without it are never listed or touched.</summary>
    public string NamePrefix { get; set; } = "gpu-";

    /// <summary>Per attempt of a read [RUNPOD_REQUEST_TIMEOUT_SEC]; RunPod answers a read in well under a second when healthy.</summary>
    public TimeSpan ReadTimeout { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>
    /// A read (or a terminate) not answered within this gets a second attempt beside it, and a third after twice this, the
    /// first good answer winning (Polly hedging) [RUNPOD_READ_HEDGE_SEC]; 0 turns it off. A hung read then costs this, not
    /// <see cref="ReadTimeout"/>. 1 s (2 s before the fourth degrade round): a healthy RunPod read answers well inside it.
    /// </summary>
    public TimeSpan ReadHedgeDelay { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>A read's whole budget, attempts and retry delays included [RUNPOD_READ_BUDGET_SEC]: bounds what one call can take from a cycle.</summary>
    public TimeSpan ReadBudget { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>
    /// Per create/terminate/stop call [RUNPOD_MUTATION_TIMEOUT_SEC]; 15 s (RunPod answers a create in a few seconds). A hung
    /// create or terminate no longer holds its cycle this long (the cycle leaves it in flight after about a second, see
    /// <c>MutationsInFlight</c>); a create that timed out is then looked up by name, and the first cycle listing after it ended
    /// adopts its pod or gives the worker up (a pod that appears even later is terminated, never leaked).
    /// </summary>
    public TimeSpan MutationTimeout { get; set; } = TimeSpan.FromSeconds(15);
    /// <summary>Retries of a failed read, within <see cref="ReadBudget"/> (and of a failed terminate, within <see cref="MutationTimeout"/>); 0 means none. At a 50 % transient error rate six attempts all fail 1.6 % of the time.</summary>
    public int ReadRetries { get; set; } = 5;
    /// <summary>Retries of a create that RunPod answered with a 5xx, on the same candidate, each after a look-up by name.</summary>
    public int CreateServerErrorRetries { get; set; } = 2;
    /// <summary>
    /// First retry delay of a read or terminate; grows per retry with jitter, up to <see cref="MaxRetryBackoff"/>. 250 ms (500 ms
    /// before the fourth degrade round): a 5xx or a dropped connection is usually a blip, and a read held behind it holds its cycle.
    /// </summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(250);
    /// <summary>
    /// The longest backoff between retries of a read or terminate (0.25, 0.5, then about 1 s each: five retries take about 4 s,
    /// not 15 s, and a cycle's listing is not held seconds behind a bad patch). A 429's Retry-After is not capped by this: it is
    /// honoured as sent, up to <see cref="MaxRetryAfter"/>.
    /// </summary>
    public TimeSpan MaxRetryBackoff { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>The longest Retry-After honoured; a longer one fails the call instead.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);
    /// <summary>First break of a circuit (reads and mutations each have their own); doubles per failed probe up to <see cref="MaxBreakDuration"/>, back to this once a probe succeeds.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(2);
    /// <summary>The longest break; below the default poll interval (30 s), so every cycle of an outage still sends one probe.</summary>
    public TimeSpan MaxBreakDuration { get; set; } = TimeSpan.FromSeconds(20);
    /// <summary>First back-off after a (GPU type, data center) stockout; doubles per repeat [RUNPOD_PLACEMENT_BACKOFF_SEC].</summary>
    public TimeSpan PlacementBackoff { get; set; } = TimeSpan.FromMinutes(2);
    public TimeSpan PlacementBackoffMax { get; set; } = TimeSpan.FromMinutes(30);
    /// <summary>How long GPU types and network volumes are cached.</summary>
    public TimeSpan CatalogTtl { get; set; } = TimeSpan.FromMinutes(10);

    public bool UsesRest => Api == "rest";

    /// <summary>Every secret value this adapter holds, to scrub from anything it logs.</summary>
    public IEnumerable<string> SecretValues()
    {
        var secrets = new[] { ApiKey, SupabaseServiceRoleKey, SupabaseAnonKey }.Concat(ExtraEnv.Values);
        return secrets.Where(s => s is { IsEmpty: false }).Select(s => s!.Reveal());
    }
}
