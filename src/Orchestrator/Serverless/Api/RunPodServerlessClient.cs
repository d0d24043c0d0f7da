using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Orchestrator.Http;
using Orchestrator.Core.Ports;
using Polly;

namespace Orchestrator.Serverless.Api;

/// <summary>
/// The RunPod Serverless queue API: <c>{base}/{endpoint}/run|runsync|status|cancel|health|purge-queue</c>,
/// with <c>Authorization: Bearer</c> set per request (never as a default header, so image downloads
/// from third-party URLs never carry the key). Job answers are returned as <see cref="JobState"/> whatever
/// the HTTP code when the body carries a status; otherwise failures throw <see cref="CloudException"/>.
/// </summary>
public sealed class RunPodServerlessClient
{
    private const int MinWaitMs = 1000;
    private const int MaxWaitMs = 300_000;
    private static readonly TimeSpan SyncMargin = TimeSpan.FromSeconds(15);

    private readonly ResilientHttp _http;
    private readonly ServerlessOptions _options;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline<HttpResponseMessage> _read;
    private readonly ResiliencePipeline<HttpResponseMessage> _submit;

    public RunPodServerlessClient(ResilientHttp http, ServerlessOptions options, ILogger logger)
    {
        _http = http;
        _options = options;
        _logger = logger;
        _read = HttpPipelines.Read(options, logger, "serverless-read");
        _submit = HttpPipelines.Submit(options.RequestTimeout, options, logger, "serverless-run");
    }

    /// <summary>POST /run. Not idempotent: retried only on 429.</summary>
    public async Task<JobState> RunAsync(string endpointId, JsonObject request, CancellationToken cancellationToken)
    {
        var answer = await SendAsync(_submit, HttpMethod.Post, endpointId, "run", request, "run", cancellationToken).ConfigureAwait(false);
        return ToJob(answer, "run", null);
    }

    /// <summary>POST /runsync?wait=. An unfinished job comes back with its id and a non-terminal status: keep polling.</summary>
    public async Task<JobState> RunSyncAsync(string endpointId, JsonObject request, TimeSpan wait, CancellationToken cancellationToken)
    {
        var waitMs = (int)Math.Clamp(wait.TotalMilliseconds, MinWaitMs, MaxWaitMs);
        // The HTTP call must outlive the server-side wait, or we lose the job id.
        var pipeline = HttpPipelines.Submit(TimeSpan.FromMilliseconds(waitMs) + SyncMargin, _options, _logger, "serverless-runsync");
        var answer = await SendAsync(pipeline, HttpMethod.Post, endpointId, $"runsync?wait={waitMs}", request, "runsync", cancellationToken).ConfigureAwait(false);
        return ToJob(answer, "runsync", null);
    }

    /// <summary>GET /status/{id}. A 404 (unknown id, or results past retention/TTL) is returned as <see cref="JobStatuses.NotFound"/>.</summary>
    public async Task<JobState> StatusAsync(string endpointId, string jobId, CancellationToken cancellationToken)
    {
        var answer = await SendAsync(_read, HttpMethod.Get, endpointId, "status/" + Uri.EscapeDataString(jobId), null, "status", cancellationToken).ConfigureAwait(false);
        return ToJob(answer, "status", jobId);
    }

    /// <summary>POST /cancel/{id}. Idempotent, so it uses the read pipeline.</summary>
    public async Task<JobState> CancelAsync(string endpointId, string jobId, CancellationToken cancellationToken)
    {
        var answer = await SendAsync(_read, HttpMethod.Post, endpointId, "cancel/" + Uri.EscapeDataString(jobId), null, "cancel", cancellationToken).ConfigureAwait(false);
        return ToJob(answer, "cancel", jobId);
    }

    public async Task<HealthReport> HealthAsync(string endpointId, CancellationToken cancellationToken)
    {
        var answer = await SendAsync(_read, HttpMethod.Get, endpointId, "health", null, "health", cancellationToken).ConfigureAwait(false);
        if (Fail(answer, "health") is { } error)
        {
            throw error;
        }
        if (answer.Json() is not JsonObject body)
        {
            throw new CloudException(ErrorKind.CloudApi, "health: the answer is not a JSON object");
        }
        return new HealthReport(Counters(body["jobs"]), Counters(body["workers"]), answer.Body);
    }

    /// <summary>POST /purge-queue: drops queued (not running) jobs. Returns the raw answer.</summary>
    public async Task<JsonObject> PurgeQueueAsync(string endpointId, CancellationToken cancellationToken)
    {
        var answer = await SendAsync(_submit, HttpMethod.Post, endpointId, "purge-queue", null, "purge-queue", cancellationToken).ConfigureAwait(false);
        if (Fail(answer, "purge-queue") is { } error)
        {
            throw error;
        }
        return answer.Json() as JsonObject ?? new JsonObject();
    }

    private Task<HttpAnswer> SendAsync(ResiliencePipeline<HttpResponseMessage> pipeline, HttpMethod method, string endpointId, string operationPath,
        JsonObject? body, string operation, CancellationToken cancellationToken)
    {
        var uri = new Uri($"{_options.BaseUrl.AbsoluteUri.TrimEnd('/')}/{Uri.EscapeDataString(endpointId)}/{operationPath}");
        var json = body?.ToJsonString();
        return _http.SendAsync(pipeline, () =>
        {
            var message = new HttpRequestMessage(method, uri);
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.ApiKey?.Reveal() ?? "");
            message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            if (json is not null)
            {
                message.Content = JsonBody.Of(json);
            }
            return message;
        }, operation, cancellationToken);
    }

    private static JobState ToJob(HttpAnswer answer, string operation, string? jobId)
    {
        // 429/5xx were retried already; past that they are infrastructure failures even with a body.
        if (!HttpPipelines.IsTransientStatus(answer.StatusCode) && answer.Code is not (401 or 403)
            && JobState.Parse(answer.Json(), jobId) is { } state)
        {
            return state;
        }
        if (answer.StatusCode == HttpStatusCode.NotFound && jobId is not null && operation == "status")
        {
            return new JobState(jobId, JobStatuses.NotFound, null, "job not found: unknown id, or its results expired (TTL/retention)", null, null, null);
        }
        throw Fail(answer, operation) ?? new CloudException(ErrorKind.CloudApi, $"{operation}: the answer has no job status: {answer.Describe()}");
    }

    private static CloudException? Fail(HttpAnswer answer, string operation)
    {
        if (answer.IsSuccess)
        {
            return null;
        }
        var kind = answer.Code switch
        {
            401 or 403 => ErrorKind.Auth,
            _ when HttpPipelines.IsTransientStatus(answer.StatusCode) => ErrorKind.Transient,
            _ => ErrorKind.CloudApi,
        };
        var hint = kind == ErrorKind.Auth ? " (RUNPOD_API_KEY rejected)" : answer.Code == 404 ? " (unknown endpoint id?)" : "";
        return new CloudException(kind, $"{operation}: HTTP {answer.Code}{hint}: {answer.Describe()}");
    }

    private static Dictionary<string, long> Counters(JsonNode? node)
    {
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        if (node is JsonObject o)
        {
            foreach (var (key, value) in o)
            {
                if (value is JsonValue v && v.TryGetValue<double>(out var n))
                {
                    result[key] = (long)n;
                }
            }
        }
        return result;
    }
}
