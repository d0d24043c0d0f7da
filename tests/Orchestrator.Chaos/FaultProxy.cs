using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orchestrator.Tests.RunPod;

namespace Orchestrator.Chaos;

/// <summary>
/// A loopback proxy in front of the RunPod fake that fails a share of calls the way RunPod does: 503, 429 with
/// Retry-After, a hang until the client gives up, and a lost answer (the call reaches RunPod, which acts, and the
/// connection drops before the answer). Every call is recorded with its operation and time, faulted or not.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private static readonly FaultKind[] Kinds = [FaultKind.ServerError, FaultKind.RateLimited, FaultKind.Hang, FaultKind.LoseAnswer];
    private readonly WebApplication _app;
    private readonly HttpClient _upstream;
    private readonly Random _random;
    private readonly Lock _gate = new();
    private double _rate;

    private FaultProxy(WebApplication app, HttpClient upstream, int seed)
    {
        _app = app;
        _upstream = upstream;
        _random = new Random(seed);
    }

    public Uri BaseUrl => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <summary>Every call seen: when, which operation, and the fault applied (None when forwarded untouched).</summary>
    public ConcurrentQueue<ProxiedCall> Calls { get; } = new();

    /// <summary>Share of calls faulted, 0 to 1; the four kinds equally likely.</summary>
    public double FaultRate
    {
        get { lock (_gate) { return _rate; } }
        set { lock (_gate) { _rate = value; } }
    }

    public static async Task<FaultProxy> StartAsync(Uri upstream, int seed)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
#pragma warning disable CA2000 // the proxy owns the client and disposes it with itself
        var proxy = new FaultProxy(app, new HttpClient { BaseAddress = upstream, Timeout = TimeSpan.FromMinutes(2) }, seed);
#pragma warning restore CA2000
        app.Run(proxy.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        return proxy;
    }

    private FaultKind Pick()
    {
        lock (_gate)
        {
            return _random.NextDouble() < _rate ? Kinds[_random.Next(Kinds.Length)] : FaultKind.None;
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        var path = context.Request.Path.Value ?? "";
        var json = body.Length > 0 ? JsonNode.Parse(body) as JsonObject : null;
        var operation = path == "/graphql" ? FakeGraphQl.Operation(json ?? []) : FakeRest.Operation(context.Request.Method, path, json);
        var fault = Pick();
        Calls.Enqueue(new ProxiedCall(DateTimeOffset.UtcNow, operation, fault));
        switch (fault)
        {
            case FaultKind.ServerError:
                await WriteAsync(context, 503, null, """{"error":"upstream unavailable"}""").ConfigureAwait(false);
                return;
            case FaultKind.RateLimited:
                context.Response.Headers.RetryAfter = "1";
                await WriteAsync(context, 429, null, """{"error":"rate limited"}""").ConfigureAwait(false);
                return;
            case FaultKind.Hang:
                try
                {
                    await Task.Delay(TimeSpan.FromMinutes(2), context.RequestAborted).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // the client gave up, as it should
                }
                context.Abort();
                return;
        }
        using var forward = new HttpRequestMessage(new HttpMethod(context.Request.Method), path.TrimStart('/') + context.Request.QueryString);
        forward.Headers.TryAddWithoutValidation("Authorization", context.Request.Headers.Authorization.ToString());
        if (body.Length > 0)
        {
            forward.Content = new StringContent(body);
            forward.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }
        using var answer = await _upstream.SendAsync(forward, CancellationToken.None).ConfigureAwait(false);
        var text = await answer.Content.ReadAsStringAsync(CancellationToken.None).ConfigureAwait(false);
        if (fault == FaultKind.LoseAnswer)
        {
            context.Abort();
            return;
        }
        await WriteAsync(context, (int)answer.StatusCode, answer.Headers.RetryAfter?.ToString(), text).ConfigureAwait(false);
    }

    private static async Task WriteAsync(HttpContext context, int status, string? retryAfter, string body)
    {
        context.Response.StatusCode = status;
        if (retryAfter is not null)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }
        if (body.Length > 0)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _upstream.Dispose();
    }
}
