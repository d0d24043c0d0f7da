using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Cli;
using Orchestrator.Core.Cycle;
using Orchestrator.Core.Ports;
using Orchestrator.Service;
using Orchestrator.TestSupport;

namespace Orchestrator.Tests.Service;

/// <summary>Builds service hosts (replicas) for a test: the real composition, with the test's cloud, a scripted bootstrapper and a cycle recorder.</summary>
public static class ServiceNodes
{
    /// <summary>The database as the store; RunPod and SSH settings that validate and are replaced in <see cref="Build"/>.</summary>
    public static Dictionary<string, string?> Settings(string connectionString, string pollSec = "1") => FakeAdapters.Offline(new Dictionary<string, string?>
    {
        ["SUPABASE_DB_URL"] = connectionString,
        ["MIN_ACTIVE_GPUS"] = "0",
        ["ORCHESTRATOR_POLL_SEC"] = pollSec,
        ["ORCHESTRATOR_CLUSTER_CHECKIN_SEC"] = "1",
        ["SHUTDOWN_TIMEOUT_SEC"] = "20",
        ["LOG_LEVEL"] = "ERROR",
    });

    public static ServiceHost Build(string node, IDictionary<string, string?> settings, IGpuCloud cloud, ConcurrentQueue<RecordedCycle> cycles, Action<IServiceCollection>? configure = null)
    {
        var values = new Dictionary<string, string?>(settings) { ["ORCHESTRATOR_INSTANCE_ID"] = node };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var error = new StringWriter();
        var context = new CommandContext([], configuration, new StringWriter(), error);
        return ServiceHost.Build(context, services =>
        {
            services.Use(cloud);
            services.Use<IWorkerBootstrapper>(new ScriptedBootstrapper());
            services.AddSingleton<ICycleObserver>(new CycleRecorder(node, cycles));
            configure?.Invoke(services);
        }) ?? throw new InvalidOperationException("host did not build: " + error);
    }

    /// <summary>Waits (polling) until <paramref name="condition"/> holds; fails after <paramref name="limit"/>. A liveness wait, not a timing assertion.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan limit, string what)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"gave up waiting for: {what}");
            }
            await Task.Delay(50);
        }
    }
}
