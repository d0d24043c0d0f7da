using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orchestrator.Cli;
using Orchestrator.Hosting;

namespace Orchestrator.Service;

/// <summary>
/// <c>run</c> as a Generic Host: the same composition as every command (<see cref="AppStartup.Compose"/>)
/// plus the scheduler (<see cref="SchedulerRegistration"/>). The console lifetime turns SIGTERM/SIGINT into
/// a stop: the scheduler fires nothing new, the running cycle is told to start no new mutations and is
/// waited for up to the shutdown timeout, then logs are flushed.
/// </summary>
public sealed class ServiceHost : IAsyncDisposable
{
    private readonly AppComposition _composition;

    private ServiceHost(IHost host, AppComposition composition, ServiceSettings settings)
    {
        Host = host;
        _composition = composition;
        Settings = settings;
    }

    public IHost Host { get; }
    public ServiceSettings Settings { get; }
    public IServiceProvider Services => Host.Services;

    /// <summary>Builds the host, or returns null after printing every configuration problem.</summary>
    /// <param name="configure">Runs after the service's own registrations (tests replace adapters here).</param>
    public static ServiceHost? Build(CommandContext context, Action<IServiceCollection>? configure = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        ServiceSettings? settings = null;
        var composition = AppStartup.Compose(builder.Services, context, (_, reader) => settings = ServiceSettings.Read(reader), logsToStandardError: false,
            (services, config) =>
            {
                var clustered = services.Any(d => d.ServiceType == typeof(NpgsqlDataSource));
                services.AddControlScheduler(config, settings!, clustered);
                configure?.Invoke(services);
            });
        if (composition is null)
        {
            return null;
        }
        var host = builder.Build();
        AppStartup.LogIgnoredLegacy(host.Services, composition.Config);
        return new ServiceHost(host, composition, settings!);
    }

    /// <summary>Runs until stopped (signal or <paramref name="cancellationToken"/>); returns after a clean stop.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var logger = Services.GetRequiredService<ILoggerFactory>().CreateLogger("Orchestrator.Service");
        var lifetime = Services.GetRequiredService<IHostApplicationLifetime>();
        var stopping = new Stopwatch();
        using var onStopping = lifetime.ApplicationStopping.Register(() =>
        {
            stopping.Start();
            ServiceLog.Stopping(logger, (long)Settings.ShutdownTimeout.TotalMilliseconds);
        });
        var clustered = Services.GetService<NpgsqlDataSource>() is not null;
        ServiceLog.SchedulerConfigured(logger, _composition.Config.Cycle.PollInterval.TotalSeconds, clustered ? "clustered PostgreSQL" : "in-memory",
            Settings.InstanceId ?? "AUTO", clustered && Settings.WakeOnNotify);
        await Host.RunAsync(cancellationToken).ConfigureAwait(false);
        ServiceLog.Stopped(logger, stopping.ElapsedMilliseconds);
    }

    public async ValueTask DisposeAsync()
    {
        if (Host is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            Host.Dispose();
        }
        await _composition.Serilog.DisposeAsync().ConfigureAwait(false);
    }
}
