using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Configuration;
using Orchestrator.Core.Cycle;
using Orchestrator.Core.Domain;
using Orchestrator.Core.Ports;
using Orchestrator.Simulation;
using Orchestrator.TestSupport;
using Orchestrator.Hosting;
using Orchestrator.Observability;
using Xunit;

namespace Orchestrator.Tests.Observability;

/// <summary>
/// The service as the host wires it (AddOrchestrator), with the store, cloud and bootstrapper replaced by
/// in-memory ones, on a manual clock, with the health listener on 127.0.0.1 and a free port.
/// </summary>
internal sealed class ObservedService : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly List<IHostedService> _hosted;

    private ObservedService(ServiceProvider provider, ManualTimeProvider clock, InMemoryFleetStore store, InMemoryGpuCloud cloud)
    {
        _provider = provider;
        Clock = clock;
        Store = store;
        Cloud = cloud;
        _hosted = provider.GetServices<IHostedService>().ToList();
    }

    public ManualTimeProvider Clock { get; }
    public ControlCycle Cycle => _provider.GetRequiredService<ControlCycle>();
    public InMemoryFleetStore Store { get; }
    public InMemoryGpuCloud Cloud { get; }
    public FleetMetrics Metrics => _provider.GetRequiredService<FleetMetrics>();
    public HealthServer Health => _provider.GetRequiredService<HealthServer>();
    public HttpClient Http { get; } = new();
    public DateTimeOffset Now => Clock.GetUtcNow();

    public static async Task<ObservedService> StartAsync(params (string Key, string Value)[] settings)
    {
        var values = new Dictionary<string, string?>(FakeAdapters.OfflineSettings)
        {
            ["MIN_ACTIVE_GPUS"] = "0",
            ["HEALTH_PORT"] = "0",
            ["HEALTH_BIND_ADDRESS"] = "127.0.0.1",
        };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }
        var reader = new SettingsReader(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        var config = OrchestratorConfig.Load(reader);
        var services = new ServiceCollection().AddOrchestrator(config, reader);
        Assert.Empty(reader.Problems);
        var store = new InMemoryFleetStore(config.Demand);
        var cloud = new InMemoryGpuCloud(config.Cycle.WorkerPrefix);
        if (!settings.Any(s => s.Key == "SUPABASE_DB_URL"))
        {
            services.Use<IFleetStore>(store); // a test that names a database gets the real PostgreSQL store
        }
        services.Use<IGpuCloud>(cloud).Use<IWorkerBootstrapper>(new ScriptedBootstrapper());
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero));
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        var service = new ObservedService(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true }), clock, store, cloud);
        foreach (var hosted in service._hosted)
        {
            await hosted.StartAsync(CancellationToken.None);
        }
        return service;
    }

    public Uri Url(string path) => new($"http://127.0.0.1:{Health.BoundPort}{path}");

    public async Task<(int Status, string Body)> GetAsync(string path)
    {
        using var response = await Http.GetAsync(Url(path));
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public Task<CycleReport> CycleAsync() => Cycle.RunOnceAsync(dryRun: false, CancellationToken.None);

    /// <summary>Queues <paramref name="tasks"/> tasks at now, then two cycles 30 s apart spawn and bootstrap a worker each; 30 s later all heartbeat.</summary>
    public async Task SpawnAndBootstrapAsync(int tasks)
    {
        for (var i = 0; i < tasks; i++)
        {
            Store.AddTask("wan_2_2_i2v", Now);
        }
        await CycleAsync();                               // spawns
        RunAllPods();
        Advance(TimeSpan.FromSeconds(30));
        await CycleAsync();                               // bootstraps
        Advance(TimeSpan.FromSeconds(30));
        Heartbeat();
    }

    public void Advance(TimeSpan by) => Clock.Advance(by);

    public void RunAllPods()
    {
        foreach (var pod in Cloud.Pods.Where(p => p.Status == PodStatus.Provisioning))
        {
            Cloud.SetStatus(pod.Id, PodStatus.Running);
        }
    }

    public void Heartbeat(Func<InMemoryWorker, bool>? which = null)
    {
        foreach (var w in Store.Workers.Where(w => w.State is WorkerState.Bootstrapping or WorkerState.Active && (which?.Invoke(w) ?? true)))
        {
            Store.Heartbeat(w.Id, Now);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var hosted in Enumerable.Reverse(_hosted))
        {
            await hosted.StopAsync(CancellationToken.None);
        }
        Http.Dispose();
        await _provider.DisposeAsync();
    }
}
