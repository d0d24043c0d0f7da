using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orchestrator.Cli;
using Orchestrator.Configuration;
using Orchestrator.Logging;
using Serilog;

namespace Orchestrator.Hosting;

/// <summary>
/// Loads and validates configuration for a command, sets up logging and the service provider.
/// A bad configuration prints every problem (secrets masked) and yields exit code 2 before anything acts.
/// </summary>
public sealed class AppStartup : IAsyncDisposable
{
    private AppStartup(OrchestratorConfig config, Serilog.Core.Logger serilog, ServiceProvider services)
    {
        Config = config;
        Serilog = serilog;
        Services = services;
    }

    public OrchestratorConfig Config { get; }
    public Serilog.Core.Logger Serilog { get; }
    public ServiceProvider Services { get; }

    /// <param name="requirements">Extra checks for this command (for example "needs a store").</param>
    /// <param name="logsToStandardError">True when the command's stdout is data.</param>
    public static AppStartup? Start(CommandContext context, Action<OrchestratorConfig, SettingsReader>? requirements, bool logsToStandardError, Action<IServiceCollection, OrchestratorConfig>? configure = null) =>
        Start(context, requirements, logsToStandardError, configure, storeOnly: false);

    /// <summary>For the commands that read or write only the store (status, drain, pause, resume): no RunPod or SSH setting is required.</summary>
    public static AppStartup? StartStoreOnly(CommandContext context) => Start(context, null, logsToStandardError: true, null, storeOnly: true);

    private static AppStartup? Start(CommandContext context, Action<OrchestratorConfig, SettingsReader>? requirements, bool logsToStandardError, Action<IServiceCollection, OrchestratorConfig>? configure, bool storeOnly)
    {
        var services = new ServiceCollection();
        if (Compose(services, context, requirements, logsToStandardError, configure, storeOnly) is not { } composition)
        {
            return null;
        }
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        LogIgnoredLegacy(provider, composition.Config);
        return new AppStartup(composition.Config, composition.Serilog, provider);
    }

    /// <summary>
    /// The one registration path shared by the CLI commands and the service host: loads and validates the
    /// configuration, and on success adds the orchestrator, the logger factory and <paramref name="configure"/>'s
    /// services to <paramref name="services"/>. On problems prints them all and returns null (exit code 2).
    /// </summary>
    public static AppComposition? Compose(IServiceCollection services, CommandContext context, Action<OrchestratorConfig, SettingsReader>? requirements, bool logsToStandardError, Action<IServiceCollection, OrchestratorConfig>? configure = null, bool storeOnly = false)
    {
        var reader = new SettingsReader(context.Configuration);
        var config = OrchestratorConfig.Load(reader);
        requirements?.Invoke(config, reader);
        if (reader.Problems.Count == 0)
        {
            _ = storeOnly ? services.AddStoreOnly(config, reader) : services.AddOrchestrator(config, reader);
        }
        var redactor = SecretRedactor.FromConfig(config, reader.SecretsRead);
        if (reader.Problems.Count > 0)
        {
            List<string> problems = [.. reader.Problems.Select(redactor.Redact).Distinct(StringComparer.Ordinal)];
            CliErrors.WriteAsync(context, $"configuration has {problems.Count} problem(s); nothing was done:", problems).GetAwaiter().GetResult();
            return null;
        }
#pragma warning disable CA2000 // ownership passes to the AppComposition; AppStartup/ServiceHost dispose it after the container
        var serilog = LoggingSetup.CreateSerilog(config.Logging, logsToStandardError ? context.Error : context.Out, redactor);
#pragma warning restore CA2000
        services.AddSerilog(serilog, dispose: false); // Serilog.Extensions.Hosting: ILoggerFactory and IDiagnosticContext
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        configure?.Invoke(services, config);
        return new AppComposition(config, reader, serilog);
    }

    /// <summary>Warns about legacy variables that are set but have no effect.</summary>
    public static void LogIgnoredLegacy(IServiceProvider provider, OrchestratorConfig config)
    {
        var log = provider.GetRequiredService<ILoggerFactory>().CreateLogger("Orchestrator.Startup");
        foreach (var ignored in config.IgnoredLegacy)
        {
            StartupLog.LegacyIgnored(log, ignored);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync().ConfigureAwait(false);
        await Serilog.DisposeAsync().ConfigureAwait(false);
    }
}
