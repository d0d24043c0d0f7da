using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Orchestrator.Tests.RunPod;

/// <summary>
/// A loopback RunPod (GraphQL at <c>/graphql</c>, REST v2 at <c>/v2</c>) on 127.0.0.1, port 0, over
/// <see cref="FakeRunPodState"/>. Checks the Bearer key on every call and applies queued faults.
/// </summary>
public sealed class FakeRunPodServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeRunPodServer(WebApplication app, FakeRunPodState state, Uri baseUrl)
    {
        _app = app;
        State = state;
        BaseUrl = baseUrl;
    }

    public FakeRunPodState State { get; }
    public Uri BaseUrl { get; }
    public Uri GraphQlUrl => new(BaseUrl, "/graphql");
    public Uri RestUrl => new(BaseUrl, "/v2");

    public static async Task<FakeRunPodServer> StartAsync(FakeRunPodState? state = null)
    {
        state ??= new FakeRunPodState();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(context => HandleAsync(context, state));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new FakeRunPodServer(app, state, new Uri(address));
    }

    private static async Task HandleAsync(HttpContext context, FakeRunPodState state)
    {
        var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
        var path = context.Request.Path.Value ?? "";
        var graphQl = path == "/graphql";
        JsonObject? json = body.Length > 0 ? JsonNode.Parse(body) as JsonObject : null;
        var operation = graphQl ? FakeGraphQl.Operation(json ?? []) : FakeRest.Operation(context.Request.Method, path, json);
        var auth = context.Request.Headers.Authorization.ToString();
        state.Record(new FakeRequest(context.Request.Method, path + context.Request.QueryString, auth, operation, body));
        if (auth != $"Bearer {state.ApiKey}" || context.Request.QueryString.Value?.Contains(state.ApiKey, StringComparison.Ordinal) == true)
        {
            await WriteAsync(context, graphQl ? new FakeResponse(401, """{"error":"Unauthorized request, please check your API key."}""") : FakeRest.Problem(401, "invalid bearer token"));
            return;
        }
        var fault = state.TakeFault(operation);
        if (fault is not null && await FaultAsync(context, state, fault, graphQl))
        {
            return;
        }
        var response = graphQl ? FakeGraphQl.Handle(state, json ?? []) : FakeRest.Handle(state, context.Request.Method, path, context.Request.QueryString.Value ?? "", json);
        if (fault?.Kind == FakeFaultKind.LoseAnswer)
        {
            context.Abort();
            return;
        }
        await WriteAsync(context, response);
    }

    /// <summary>True when the fault answered instead of the handler.</summary>
    private static async Task<bool> FaultAsync(HttpContext context, FakeRunPodState state, FakeFault fault, bool graphQl)
    {
        switch (fault.Kind)
        {
            case FakeFaultKind.ServerError:
                await WriteAsync(context, graphQl ? new FakeResponse(503, """{"error":"upstream unavailable"}""") : FakeRest.Problem(503, "upstream unavailable"));
                return true;
            case FakeFaultKind.RateLimited:
                context.Response.Headers.RetryAfter = fault.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await WriteAsync(context, graphQl ? new FakeResponse(429, """{"error":"rate limited"}""") : FakeRest.Problem(429, "rate limit exceeded for the minute window"));
                return true;
            case FakeFaultKind.Timeout:
                try { await Task.Delay(state.TimeoutDelay, context.RequestAborted); } catch (OperationCanceledException) { }
                return true;
            case FakeFaultKind.MalformedJson:
                await WriteAsync(context, new FakeResponse(200, """{"data": {"myself": {"pods": [{"id": "x", """));
                return true;
            case FakeFaultKind.Unauthorized:
                await WriteAsync(context, graphQl ? new FakeResponse(401, """{"error":"Unauthorized"}""") : FakeRest.Problem(401, "missing bearer token"));
                return true;
            case FakeFaultKind.Body:
                context.Response.StatusCode = fault.Status;
                context.Response.ContentType = "application/json";
                await context.Response.Body.WriteAsync(fault.Body);
                return true;
            case FakeFaultKind.HugeBody:
                await HugeAsync(context, fault);
                return true;
            case FakeFaultKind.GraphQlInternalError when graphQl:
                await WriteAsync(context, FakeGraphQl.InternalError());
                return true;
            default:
                return false;
        }
    }

    /// <summary>A list answer that never ends in time: the opening of a pod list, then padding, 64 KiB a write, until the client goes away.</summary>
    private static async Task HugeAsync(HttpContext context, FakeFault fault)
    {
        var head = System.Text.Encoding.UTF8.GetBytes("""{"data":{"myself":{"pods":[ """);
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        if (fault.DeclareLength)
        {
            context.Response.ContentLength = head.Length + fault.Size;
        }
        var pad = new byte[64 * 1024];
        Array.Fill(pad, (byte)' ');
        try
        {
            await context.Response.Body.WriteAsync(head, context.RequestAborted);
            // Kestrel drops writes after the client went away without failing them: stop on the abort signal instead.
            for (long sent = 0; sent < fault.Size && !context.RequestAborted.IsCancellationRequested; sent += pad.Length)
            {
                await context.Response.Body.WriteAsync(pad.AsMemory(0, (int)Math.Min(pad.Length, fault.Size - sent)), context.RequestAborted);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException)
        {
            // The client stopped reading: what a bounded reader does.
        }
    }

    private static async Task WriteAsync(HttpContext context, FakeResponse response)
    {
        context.Response.StatusCode = response.Status;
        if (response.Body.Length > 0)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(response.Body);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
