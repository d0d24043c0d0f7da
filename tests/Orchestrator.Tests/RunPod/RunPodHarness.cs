using Microsoft.Extensions.Logging;
using Orchestrator.Configuration;
using Orchestrator.Simulation;
using Orchestrator.TestSupport;
using Orchestrator.RunPod;
using Xunit;

namespace Orchestrator.Tests.RunPod;

/// <summary>A fake RunPod plus the real adapter pointed at it, in either dialect, with captured logs.</summary>
public sealed class RunPodHarness : IAsyncDisposable
{
    public const string ServiceKey = "sb_service_role_secret_9d8e7f";
    public const string AnonKey = "sb_anon_key_1a2b3c4d";
    public const string ExtraSecret = "hf_extra_secret_55aa66bb";

    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };

    private RunPodHarness(FakeRunPodServer server, bool rest)
    {
        Server = server;
        Rest = rest;
        Loggers = LoggerFactory.Create(b => b.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        Options = new RunPodOptions
        {
            Api = rest ? "rest" : "graphql",
            ApiKey = new Secret(server.State.ApiKey),
            GraphQlUrl = server.GraphQlUrl,
            RestBaseUrl = server.RestUrl,
            GpuTypes = [new GpuChoice("NVIDIA GeForce RTX 4090", null), new GpuChoice("NVIDIA L40S", null)],
            Image = "ghcr.io/example/worker:1.2.3",
            StorageNames = ["Peter", "EU-NO-1"],
            MemoryTiers = [72, 48],
            SshPublicKey = "ssh-ed25519 AAAAC3NzaTEST orchestrator",
            ExtraEnv = new Dictionary<string, Secret> { ["HF_TOKEN"] = new(ExtraSecret) },
            SupabaseUrl = new Uri("https://proj.supabase.co"),
            SupabaseServiceRoleKey = new Secret(ServiceKey),
            SupabaseAnonKey = new Secret(AnonKey),
            ReadTimeout = TimeSpan.FromMilliseconds(800),
            MutationTimeout = TimeSpan.FromMilliseconds(1500),
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            ReadRetries = 3,
        };
    }

    public FakeRunPodServer Server { get; }
    public FakeRunPodState Fake => Server.State;
    public bool Rest { get; }
    public RunPodOptions Options { get; }
    public CapturingLoggerProvider Logs { get; } = new();
    public ILoggerFactory Loggers { get; }
    /// <summary>The fake account's clock, shared with the adapter (back-off, catalog cache, REST uptime).</summary>
    public ManualTimeProvider Clock => Fake.Clock;

    public static async Task<RunPodHarness> StartAsync(bool rest) => new(await FakeRunPodServer.StartAsync(), rest);

    /// <summary>A fresh adapter (as a new process would build it) over the same fake account.</summary>
    public RunPodGpuCloud NewCloud(Action<RunPodOptions>? tweak = null)
    {
        tweak?.Invoke(Options);
        return RunPodFactory.Create(Options, _http, Loggers, Clock);
    }

    /// <summary>Every secret the adapter holds: none may appear in a log line or a URL.</summary>
    public IEnumerable<string> Secrets => [Fake.ApiKey, ServiceKey, AnonKey, ExtraSecret];

    public void AssertNoSecretsLeaked()
    {
        foreach (var secret in Secrets)
        {
            Assert.DoesNotContain(Logs.Lines, l => l.Text.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(Fake.Requests, r => r.PathAndQuery.Contains(secret, StringComparison.Ordinal));
        }
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        Loggers.Dispose();
        await Server.DisposeAsync();
    }
}
