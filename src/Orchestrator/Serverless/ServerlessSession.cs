using System.Net;
using Microsoft.Extensions.Logging;
using Orchestrator.Cli;
using Orchestrator.Configuration;
using Orchestrator.Logging;
using Orchestrator.Serverless.Api;
using Orchestrator.Serverless.Results;
using Orchestrator.Serverless.Routing;

namespace Orchestrator.Serverless;

/// <summary>
/// The small composition of one serverless command run: options, logging to stderr, one HttpClient,
/// the job client, poller, result saver and router. It does not need the control cycle's store.
/// </summary>
public sealed class ServerlessSession : IAsyncDisposable
{
    private readonly Serilog.Core.Logger _serilog;
    private readonly ILoggerFactory _loggers;
    private readonly HttpClient _http;

    private ServerlessSession(ServerlessOptions options, Serilog.Core.Logger serilog)
    {
        Options = options;
        _serilog = serilog;
        _loggers = LoggingSetup.CreateFactory(serilog);
        // One client per command run: a CLI run is one job, so IHttpClientFactory's handler rotation buys
        // nothing. Timeouts come from the Polly pipelines, not HttpClient.Timeout.
#pragma warning disable CA2000 // the handler belongs to the HttpClient (disposeHandler: true), disposed with the session
        _http = new HttpClient(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectTimeout = TimeSpan.FromSeconds(15),
            AutomaticDecompression = DecompressionMethods.All,
        })
        { Timeout = Timeout.InfiniteTimeSpan };
#pragma warning restore CA2000
        var http = new ResilientHttp(_http);
        var logger = _loggers.CreateLogger("Orchestrator.Serverless");
        Client = new RunPodServerlessClient(http, options, logger);
        Poller = new JobPoller(Client, logger, TimeProvider.System);
        Saver = new ImageSaver(_http, options, logger);
        var pod = options.PodUrl is { } url ? new PodEndpointClient(http, url, options) : null;
        Router = new PodFirstRouter(pod, Client, Poller, options, logger, TimeProvider.System);
    }

    public ServerlessOptions Options { get; }
    public RunPodServerlessClient Client { get; }
    public JobPoller Poller { get; }
    public ImageSaver Saver { get; }
    public PodFirstRouter Router { get; }

    /// <summary>Reads and validates the options; null (after printing every problem) when anything is wrong.</summary>
    /// <param name="validate">The command's own checks (arguments, required endpoint); it adds problems to the reader.</param>
    public static ServerlessSession? Start(CommandContext context, Action<ServerlessOptions, SettingsReader> validate)
    {
        var reader = new SettingsReader(context.Configuration);
        var options = ServerlessOptions.Read(reader);
        options.RequireApiKey(reader);
        validate(options, reader);
        if (reader.Problems.Count > 0)
        {
            context.Error.WriteLine($"{reader.Problems.Count} problem(s); nothing was sent:");
            foreach (var problem in reader.Problems)
            {
                context.Error.WriteLine($"  - {problem}");
            }
            return null;
        }
        return new ServerlessSession(options, LoggingSetup.CreateSerilog(options.Logging, toStandardError: true));
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        _loggers.Dispose();
        await _serilog.DisposeAsync().ConfigureAwait(false);
    }
}
