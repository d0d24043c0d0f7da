using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orchestrator.Configuration;
using Orchestrator.Core.Ports;
using Orchestrator.Hosting;
using Orchestrator.Logging;
using Orchestrator.RunPod;

namespace Orchestrator.Cli;

/// <summary>
/// What the RunPod operator commands need: the RunPod adapter (always) and the fleet store when one is
/// configured and starts cleanly (for worker row states). Logs go to stderr; stdout is the table.
/// </summary>
public sealed class RunPodCliSession : IAsyncDisposable
{
    private readonly Serilog.Core.Logger _serilog;
    private readonly ILoggerFactory _loggers;
    private readonly HttpClient _http;
    private readonly AppStartup? _app;

    private RunPodCliSession(RunPodGpuCloud cloud, IFleetStore? store, Serilog.Core.Logger serilog, ILoggerFactory loggers, HttpClient http, AppStartup? app)
    {
        Cloud = cloud;
        Store = store;
        _serilog = serilog;
        _loggers = loggers;
        _http = http;
        _app = app;
    }

    public RunPodGpuCloud Cloud { get; }
    public IFleetStore? Store { get; }

    /// <summary>Null after printing every configuration problem (exit 2).</summary>
    public static RunPodCliSession? Start(CommandContext context)
    {
        var reader = new SettingsReader(context.Configuration);
        var config = OrchestratorConfig.Load(reader);
        var options = CloudRegistration.ReadRunPod(config, reader);
        if (reader.Problems.Count > 0)
        {
            context.Error.WriteLine($"configuration has {reader.Problems.Count} problem(s); nothing was done:");
            foreach (var problem in reader.Problems)
            {
                context.Error.WriteLine($"  - {problem}");
            }
            return null;
        }
        var serilog = LoggingSetup.CreateSerilog(config.Logging, toStandardError: true);
        var loggers = LoggingSetup.CreateFactory(serilog);
        var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var cloud = RunPodFactory.Create(options, http, loggers, TimeProvider.System);
        var app = config.Supabase.HasDatabase || config.Supabase.HasRest
            ? AppStartup.Start(context with { Error = TextWriter.Null }, null, logsToStandardError: true)
            : null;
        return new RunPodCliSession(cloud, app?.Services.GetService<IFleetStore>(), serilog, loggers, http, app);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
        _http.Dispose();
        _loggers.Dispose();
        await _serilog.DisposeAsync().ConfigureAwait(false);
    }
}
