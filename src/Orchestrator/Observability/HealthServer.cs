using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Orchestrator.Observability;

/// <summary>
/// A small Kestrel listener on HEALTH_BIND_ADDRESS:HEALTH_PORT answering GET /healthz (200 or 503 with
/// a JSON body) and GET /metrics (Prometheus text). Nothing else; no secrets, no error text.
/// </summary>
public sealed class HealthServer(FleetMetrics metrics, ObservabilityOptions options, TimeProvider time, ILogger<HealthServer> logger) : IHostedService, IAsyncDisposable
{
    private readonly Lock _gate = new();
    private WebApplication? _app;
    private DateTimeOffset _startedAt;
    private bool? _lastHealthy;

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
        var app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "";
        BoundPort = Uri.TryCreate(address, UriKind.Absolute, out var uri) ? uri.Port : options.HealthPort;
        ObservabilityLog.Listening(logger, $"{options.BindAddress}:{BoundPort}", options.MaxCycleAge.TotalSeconds);
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

    /// <summary>The current verdict (also logs when health changes).</summary>
    public HealthVerdict Check()
    {
        var verdict = HealthEvaluator.Evaluate(metrics.Health(), _startedAt, time.GetUtcNow(), options);
        lock (_gate)
        {
            if (_lastHealthy is { } previous && previous != verdict.Healthy)
            {
                if (verdict.Healthy)
                {
                    ObservabilityLog.Recovered(logger, verdict.Status);
                }
                else
                {
                    ObservabilityLog.Unhealthy(logger, verdict.Status, verdict.LastCycleAgeSeconds, options.MaxCycleAge.TotalSeconds, verdict.ConsecutiveFailures);
                }
            }
            _lastHealthy = verdict.Healthy;
        }
        return verdict;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        try
        {
            if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
            {
                context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
                return;
            }
            switch (path)
            {
                case "/healthz":
                    var verdict = Check();
                    context.Response.StatusCode = verdict.StatusCode;
                    context.Response.ContentType = "application/json";
                    context.Response.Headers.CacheControl = "no-store";
                    await context.Response.WriteAsync(verdict.ToJson(), context.RequestAborted).ConfigureAwait(false);
                    break;
                case "/metrics":
                    context.Response.ContentType = PrometheusWriter.ContentType;
                    await context.Response.WriteAsync(metrics.RenderPrometheus(), context.RequestAborted).ConfigureAwait(false);
                    break;
                default:
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    break;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            ObservabilityLog.RequestFailed(logger, ex, path, ex.GetType().Name);
            throw;
        }
    }
}
