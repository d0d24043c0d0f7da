using System.Globalization;
using System.Text.RegularExpressions;
using Orchestrator.Configuration;

namespace Orchestrator.RunPod;

/// <summary>Reads <see cref="RunPodOptions"/> from the RUNPOD_* variables; every bad value becomes a problem.</summary>
public static partial class RunPodOptionsReader
{
    private const string S = "Orchestrator:RunPod:";

    public static RunPodOptions Read(SettingsReader r, OrchestratorConfig config)
    {
        var o = new RunPodOptions
        {
            Api = r.Choice("RUNPOD_API", S + "Api", "graphql", "graphql", "rest"),
            ApiKey = config.RunPodApiKey,
            GraphQlUrl = Url(r, "RUNPOD_API_BASE_URL", "GraphQlUrl", "https://api.runpod.io/graphql"),
            RestBaseUrl = Url(r, "RUNPOD_REST_BASE_URL", "RestBaseUrl", "https://api.runpod.io/v2"),
            GpuTypes = GpuList(r),
            Image = r.String("RUNPOD_WORKER_IMAGE", S + "Image", "runpod/pytorch:2.4.0-py3.11-cuda12.4.1-devel-ubuntu22.04")!,
            CloudType = r.Choice("RUNPOD_CLOUD_TYPE", S + "CloudType", "SECURE", "SECURE", "COMMUNITY", "ALL"),
            Spot = config.Spot.Enabled,
            BidPerGpu = r.Decimal("RUNPOD_BID_PER_GPU", S + "BidPerGpu"),
            ContainerDiskGb = r.Int("RUNPOD_CONTAINER_DISK_GB", S + "ContainerDiskGb", 50, 1, 10_000),
            VolumeGb = r.Int("RUNPOD_DISK_SIZE_GB", S + "DiskSizeGb", 50, 0, 100_000),
            MinVcpuCount = r.Int("RUNPOD_MIN_VCPU_COUNT", S + "MinVcpuCount", 8, 1, 512),
            MinMemoryGb = r.Int("RUNPOD_MIN_MEMORY_GB", S + "MinMemoryGb", 32, 1, 4096),
            StorageNames = List(r.String("RUNPOD_STORAGE_NAME", S + "StorageName")),
            NetworkVolumeId = r.String("RUNPOD_NETWORK_VOLUME_ID", S + "NetworkVolumeId"),
            VolumeMountPath = r.String("RUNPOD_VOLUME_MOUNT_PATH", S + "VolumeMountPath", "/workspace")!,
            Ports = PortList(r),
            SshPublicKey = PublicKey(r),
            ExtraEnv = ExtraEnv(r),
            SupabaseUrl = config.Supabase.Url,
            SupabaseServiceRoleKey = config.Supabase.ServiceRoleKey,
            SupabaseAnonKey = config.Supabase.AnonKey,
            NamePrefix = config.Cycle.WorkerPrefix,
            ReadTimeout = r.Seconds("RUNPOD_REQUEST_TIMEOUT_SEC", S + "RequestTimeoutSec", TimeSpan.FromSeconds(10), 1),
            ReadHedgeDelay = r.Seconds("RUNPOD_READ_HEDGE_SEC", S + "ReadHedgeSec", TimeSpan.FromSeconds(1)),
            ReadBudget = r.Seconds("RUNPOD_READ_BUDGET_SEC", S + "ReadBudgetSec", TimeSpan.FromSeconds(30), 1),
            MutationTimeout = r.Seconds("RUNPOD_MUTATION_TIMEOUT_SEC", S + "MutationTimeoutSec", TimeSpan.FromSeconds(15), 1),
            PlacementBackoff = r.Seconds("RUNPOD_PLACEMENT_BACKOFF_SEC", S + "PlacementBackoffSec", TimeSpan.FromMinutes(2)),
        };
        o.MemoryTiers = MemoryTiers(r, o.MinMemoryGb);
        Validate(r, o);
        return o;
    }

    private static void Validate(SettingsReader r, RunPodOptions o)
    {
        if (o.Spot && !o.UsesRest && o.BidPerGpu is not > 0m)
        {
            r.Problem($"RUNPOD_BID_PER_GPU: '{o.BidPerGpu?.ToString(CultureInfo.InvariantCulture) ?? "(unset)"}' must be a price > 0 when RUNPOD_SPOT is true or mixed (RunPod refuses an interruptible rental without bidPerGpu)");
        }
        if (o.UsesRest && o.Spot)
        {
            r.Problem($"RUNPOD_SPOT: '{r.String("RUNPOD_SPOT", "Orchestrator:Spot:Mode")}' is not available with RUNPOD_API=rest (RunPod's REST API v2 has no interruptible pods); use RUNPOD_API=graphql or RUNPOD_SPOT=false");
        }
        if (o.UsesRest && o.CloudType == "ALL")
        {
            r.Problem("RUNPOD_CLOUD_TYPE: 'ALL' is not available with RUNPOD_API=rest (REST v2 places on SECURE or COMMUNITY); choose one");
        }
        if (o.UsesRest && o.VolumeGb is > 0 and < 10 && o.StorageNames.Count == 0 && o.NetworkVolumeId is null)
        {
            r.Problem($"RUNPOD_DISK_SIZE_GB: '{o.VolumeGb}' is below REST v2's 10 GB floor for a persistent volume; use 0 (none) or at least 10");
        }
        if (o.ReadBudget < o.ReadTimeout)
        {
            r.Problem($"RUNPOD_READ_BUDGET_SEC: '{o.ReadBudget.TotalSeconds:0.#}' must be at least RUNPOD_REQUEST_TIMEOUT_SEC ('{o.ReadTimeout.TotalSeconds:0.#}'), or no read gets a whole attempt");
        }
        if (!o.VolumeMountPath.StartsWith('/'))
        {
            r.Problem($"RUNPOD_VOLUME_MOUNT_PATH: '{o.VolumeMountPath}' must be an absolute path");
        }
        if (string.IsNullOrWhiteSpace(o.Image) || o.Image.Any(char.IsWhiteSpace))
        {
            r.Problem($"RUNPOD_WORKER_IMAGE: '{o.Image}' is not an image reference");
        }
    }

    private static Uri Url(SettingsReader r, string env, string key, string fallback)
    {
        if (r.HttpUrl(env, S + key) is not { } url)
        {
            return new Uri(fallback);
        }
        if (url.Query.Length > 0)
        {
            r.Problem($"{env}: the URL must not carry a query (the API key goes in the Authorization header only; value hidden)");
            return new Uri(fallback);
        }
        return url;
    }

    private static List<GpuChoice> GpuList(SettingsReader r)
    {
        if (r.Raw("RUNPOD_GPU_TYPE", S + "GpuType") is not { } raw)
        {
            return [new GpuChoice("NVIDIA GeForce RTX 4090", null)];
        }
        var result = new List<GpuChoice>();
        foreach (var entry in List(raw.Value))
        {
            var colon = entry.LastIndexOf(':');
            if (colon < 0)
            {
                result.Add(new GpuChoice(entry, null));
            }
            else if (decimal.TryParse(entry[(colon + 1)..], NumberStyles.Number, CultureInfo.InvariantCulture, out var price) && price > 0 && colon > 0)
            {
                result.Add(new GpuChoice(entry[..colon].Trim(), price));
            }
            else
            {
                r.Problem($"{raw.Name}: entry '{entry}' must be 'gpu type' or 'gpu type:max price per hour'");
            }
        }
        return result.Count > 0 ? result : [new GpuChoice("NVIDIA GeForce RTX 4090", null)];
    }

    private static List<int> MemoryTiers(SettingsReader r, int minimum)
    {
        List<int> tiers = [72, 60, 48, 32, 16];
        if (r.Raw("RUNPOD_MEMORY_TIERS", S + "MemoryTiers") is { } raw)
        {
            tiers = [];
            foreach (var entry in List(raw.Value))
            {
                if (int.TryParse(entry, NumberStyles.Integer, CultureInfo.InvariantCulture, out var gb) && gb > 0)
                {
                    tiers.Add(gb);
                }
                else
                {
                    r.Problem($"{raw.Name}: '{entry}' is not a memory size in GB");
                }
            }
        }
        var kept = tiers.Where(t => t >= minimum).Distinct().OrderDescending().ToList();
        return kept.Count > 0 ? kept : [minimum];
    }

    private static List<string> PortList(SettingsReader r)
    {
        if (r.Raw("RUNPOD_PORTS", S + "Ports") is not { } raw)
        {
            return ["22/tcp"];
        }
        var ports = List(raw.Value);
        foreach (var bad in ports.Where(p => !PortPattern().IsMatch(p)))
        {
            r.Problem($"{raw.Name}: '{bad}' is not 'port/tcp' or 'port/http'");
        }
        if (!ports.Contains("22/tcp"))
        {
            r.Problem($"{raw.Name}: '{raw.Value}' must include 22/tcp (the orchestrator bootstraps workers over SSH)");
        }
        return ports;
    }

    private static string? PublicKey(SettingsReader r)
    {
        if (r.String("RUNPOD_SSH_PUBLIC_KEY", S + "SshPublicKey") is { } key)
        {
            return key;
        }
        if (r.Raw("RUNPOD_SSH_PUBLIC_KEY_PATH", S + "SshPublicKeyPath") is not { } path)
        {
            return null;
        }
        var file = path.Value.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path.Value[2..])
            : path.Value;
        if (!File.Exists(file))
        {
            r.Problem($"{path.Name}: '{path.Value}' does not exist");
            return null;
        }
        var text = File.ReadAllText(file).Trim();
        if (text.Contains("PRIVATE KEY", StringComparison.Ordinal))
        {
            r.Problem($"{path.Name}: '{path.Value}' holds a private key; give the .pub file");
            return null;
        }
        return text;
    }

    private static Dictionary<string, Secret> ExtraEnv(SettingsReader r)
    {
        var env = new Dictionary<string, Secret>(StringComparer.Ordinal);
        if (r.Raw("WORKER_EXTRA_ENV", S + "WorkerExtraEnv") is not { } raw)
        {
            return env;
        }
        foreach (var pair in raw.Value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = pair.IndexOf('=');
            var key = eq > 0 ? pair[..eq].Trim() : pair;
            if (eq <= 0 || !EnvKeyPattern().IsMatch(key))
            {
                r.Problem($"{raw.Name}: entry '{key}=***' must be KEY=VALUE with KEY of letters, digits and '_'");
            }
            else if (PodEnvironment.Reserved.Contains(key))
            {
                r.Problem($"{raw.Name}: '{key}' is set by the orchestrator and cannot be overridden");
            }
            else
            {
                env[key] = new Secret(pair[(eq + 1)..]);
            }
        }
        return env;
    }

    private static List<string> List(string? value) =>
        value is null ? [] : [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    [GeneratedRegex("^[0-9]{1,5}/(tcp|http|udp)$")]
    private static partial Regex PortPattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvKeyPattern();
}
