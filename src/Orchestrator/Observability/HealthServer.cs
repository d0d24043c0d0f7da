using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Orchestrator.Observability;

/// <summary>
/// A small Kestrel listener on HEALTH_BIND_ADDRESS:HEALTH_PORT with ASP.NET Core health checks and the
/// prometheus-net exporter: GET /livez (the cycle loop turns), /readyz and /healthz (a fresh successful
/// cycle, the store and RunPod readable), /metrics; with STATUS_PAGE_ENABLED, the read-only status page
/// (/, /status, /api/status: <see cref="StatusPage"/>). Nothing else; GET and HEAD only.
/// </summary>
public sealed class HealthServer(FleetMetrics metrics, ObservabilityOptions options, TimeProvider time, StatusPage statusPage, ILogger<HealthServer> logger) : IHostedService, IAsyncDisposable
{
    private const string Live = "live";
    private const string Ready = "ready";
    private readonly Lock _gate = new();
#pragma warning disable CA2213 // disposed by StopAsync, which DisposeAsync calls (the analyzer does not follow it)
    private WebApplication? _app;
#pragma warning restore CA2213
    private DateTimeOffset _startedAt;
    private bool? _lastReady;

    /// <summary>The bound port once started (useful when HEALTH_PORT=0).</summary>
    public int? BoundPort { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _startedAt = time.GetUtcNow();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "orchestrator-health" });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(options.BindAddress, options.HealthPort ?? 0);
        });
        builder.Services.AddRouting();
        AddChecks(builder.Services.AddHealthChecks());
        var app = builder.Build();
        Map(app);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "";
        BoundPort = Uri.TryCreate(address, UriKind.Absolute, out var uri) ? uri.Port : options.HealthPort;
        ObservabilityLog.Listening(logger, $"{options.BindAddress}:{BoundPort}", options.MaxCycleAge.TotalSeconds, options.UnreadableAfter.TotalSeconds);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync(cancellationToken).ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
            ObservabilityLog.Stopped(logger, $"{options.BindAddress}:{BoundPort}");
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);

    private void AddChecks(IHealthChecksBuilder checks)
    {
        checks.AddCheck("loop", () => HealthResponse.Result(HealthEvaluator.Loop(metrics.Health(), _startedAt, time.GetUtcNow(), options)), [Live]);
        checks.AddCheck("cycle", () => HealthResponse.Result(HealthEvaluator.Cycle(metrics.Health(), _startedAt, time.GetUtcNow(), options)), [Ready]);
        foreach (var name in DependencyWatch.Names)
        {
            checks.AddCheck(name, () => HealthResponse.Result(HealthEvaluator.Dependency(name, metrics.Dependencies.Get(name), time.GetUtcNow(), options)), [Ready]);
        }
    }

    private void Map(WebApplication app)
    {
        var getOrHead = new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]);
        app.MapHealthChecks("/livez", Options(Live, logTransitions: false)).WithMetadata(getOrHead);
        app.MapHealthChecks("/readyz", Options(Ready, logTransitions: true)).WithMetadata(getOrHead);
        app.MapHealthChecks("/healthz", Options(Ready, logTransitions: true)).WithMetadata(getOrHead); // what existing probes call
        app.MapMetrics("/metrics", metrics.Instruments.Registry).WithMetadata(getOrHead);
        if (options.StatusPageEnabled)
        {
            statusPage.Map(app);
        }
    }

    private HealthCheckOptions Options(string tag, bool logTransitions) => new()
    {
        Predicate = check => check.Tags.Contains(tag),
        ResponseWriter = async (context, report) =>
        {
            if (logTransitions)
            {
                LogTransition(report);
            }
            await HealthResponse.WriteAsync(context, report).ConfigureAwait(false);
        },
    };

    /// <summary>Logs when readiness changes (not on every probe).</summary>
    private void LogTransition(HealthReport report)
    {
        var ready = report.Status != HealthStatus.Unhealthy;
        lock (_gate)
        {
            if (_lastReady is { } previous && previous != ready)
            {
                var status = HealthResponse.Status(report);
                if (ready)
                {
                    ObservabilityLog.Recovered(logger, status);
                }
                else
                {
                    var reasons = report.Entries.Values.Where(e => e.Status == HealthStatus.Unhealthy).Select(e => e.Description ?? "");
                    ObservabilityLog.Unready(logger, status, string.Join("; ", reasons));
                }
            }
            _lastReady = ready;
        }
    }
}
