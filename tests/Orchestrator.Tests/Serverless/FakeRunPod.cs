using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Orchestrator.Tests.Serverless;

/// <summary>
/// A loopback fake of the RunPod Serverless queue API (<c>/v2/{endpoint}/...</c>), of a pod generation
/// server (<c>/pod/ready</c>, <c>/pod/generate</c>) and of an image host (<c>/files/{name}</c>).
/// </summary>
public sealed class FakeRunPod : IAsyncDisposable
{
    public const string ApiKey = "rp-test-key-5ecret-0123456789";
    public const string PodKey = "pod-test-key-5ecret";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, FakeJob> _jobs = new();

    private FakeRunPod(WebApplication app) => _app = app;

    public Uri Root { get; private set; } = null!;
    public string BaseUrl => Root + "v2";
    public string PodUrl => Root + "pod";
    public string FileUrl(string name) => Root + "files/" + name;

    public ConcurrentQueue<FakeJob> NextJobs { get; } = new();
    public ConcurrentQueue<int> SubmitErrors { get; } = new();
    public ConcurrentQueue<(string Method, string Path, string? Authorization, string Body)> Requests { get; } = new();
    public ConcurrentQueue<string> CancelledIds { get; } = new();
    public ConcurrentDictionary<string, byte[]> Files { get; } = new();
    public int PodReadyStatus { get; set; } = 200;
    public Func<JsonObject, IResult> PodGenerate { get; set; } = _ => Results.StatusCode(500);

    public IEnumerable<string> Paths(string method) => Requests.Where(r => r.Method == method).Select(r => r.Path);

    public static async Task<FakeRunPod> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var fake = new FakeRunPod(builder.Build());
        fake.Map();
        await fake._app.StartAsync();
        fake.Root = new Uri(fake._app.Urls.First().TrimEnd('/') + "/");
        return fake;
    }

    private void Map()
    {
        _app.Use(async (context, next) =>
        {
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            context.Items["body"] = body;
            Requests.Enqueue((context.Request.Method, context.Request.Path + context.Request.QueryString, context.Request.Headers.Authorization.FirstOrDefault(), body));
            var isApi = context.Request.Path.StartsWithSegments("/v2");
            if (isApi && context.Request.Headers.Authorization != "Bearer " + ApiKey)
            {
                context.Response.StatusCode = 401;
                return;
            }
            await next(context);
        });
        _app.MapPost("/v2/{endpoint}/run", (HttpContext c) => Submit(c));
        _app.MapPost("/v2/{endpoint}/runsync", (HttpContext c) => Submit(c));
        _app.MapGet("/v2/{endpoint}/status/{id}", (string id, HttpContext c) => Status(id, c));
        _app.MapPost("/v2/{endpoint}/cancel/{id}", (string id) => Cancel(id));
        _app.MapGet("/v2/{endpoint}/health", () => Results.Json(new { jobs = new { completed = 1, failed = 5, inProgress = 0, inQueue = 2, retried = 0 }, workers = new { idle = 1, running = 0, throttled = 0 } }));
        _app.MapPost("/v2/{endpoint}/purge-queue", () => Results.Json(new { removed = 2, status = "completed" }));
        _app.MapGet("/files/{name}", (string name) => Files.TryGetValue(name, out var bytes) ? Results.Bytes(bytes, "image/png") : Results.NotFound());
        _app.MapGet("/pod/ready", () => Results.StatusCode(PodReadyStatus));
        _app.MapPost("/pod/generate", (HttpContext c) => PodGenerate((JsonObject)JsonNode.Parse((string)c.Items["body"]!)!));
    }

    private IResult Submit(HttpContext context)
    {
        if (SubmitErrors.TryDequeue(out var code))
        {
            context.Response.Headers.RetryAfter = "0";
            return Results.StatusCode(code);
        }
        var job = NextJobs.TryDequeue(out var next) ? next : FakeJob.Completing(Guid.NewGuid().ToString(), null);
        _jobs[job.Id] = job;
        return Results.Json(job.Next());
    }

    private IResult Status(string id, HttpContext context)
    {
        if (!_jobs.TryGetValue(id, out var job))
        {
            return Results.Json(new { error = "job not found" }, statusCode: 404);
        }
        if (job.StatusErrors.TryDequeue(out var code))
        {
            context.Response.Headers.RetryAfter = "0";
            return Results.StatusCode(code);
        }
        return Results.Json(job.Next());
    }

    private IResult Cancel(string id)
    {
        CancelledIds.Enqueue(id);
        if (_jobs.TryGetValue(id, out var job))
        {
            job.Cancelled = true;
        }
        return Results.Json(new { id, status = "CANCELLED" });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
