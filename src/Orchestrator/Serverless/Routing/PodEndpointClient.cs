using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Orchestrator.Http;
using Orchestrator.Core.Ports;
using Orchestrator.Serverless.Api;
using Polly;

namespace Orchestrator.Serverless.Routing;

/// <summary>
/// A generation server on a pod (SB_SPOT_URL): <c>GET /ready</c>, then <c>POST /generate</c> with the
/// job input. The answer is normalised to a serverless job state: a body with a <c>status</c> is read as
/// one, any other JSON body is the output of a COMPLETED job. No retries: the router falls back instead.
/// </summary>
public sealed class PodEndpointClient
{
    private readonly ResilientHttp _http;
    private readonly Uri _baseUrl;
    private readonly ServerlessOptions _options;
    private readonly ResiliencePipeline<HttpResponseMessage> _ready;
    private readonly ResiliencePipeline<HttpResponseMessage> _generate;

    public PodEndpointClient(ResilientHttp http, Uri baseUrl, ServerlessOptions options)
    {
        _http = http;
        _baseUrl = baseUrl;
        _options = options;
        _ready = HttpPipelines.TimeoutOnly(options.PodReadyTimeout);
        _generate = HttpPipelines.TimeoutOnly(options.PodTimeout);
    }

    /// <summary>Null when the pod says it is ready, else why not. Never throws for an unreachable pod.</summary>
    public async Task<string?> NotReadyReasonAsync(string requestId, CancellationToken cancellationToken)
    {
        try
        {
            var answer = await _http.SendAsync(_ready, () => Request(HttpMethod.Get, "ready", requestId, null), "pod ready", cancellationToken).ConfigureAwait(false);
            if (!answer.IsSuccess)
            {
                return $"/ready answered HTTP {answer.Code}";
            }
            return answer.Json() is JsonObject o && o["ready"] is JsonValue v && v.TryGetValue<bool>(out var ready) && !ready ? "/ready says ready: false" : null;
        }
        catch (CloudException e)
        {
            return e.Message;
        }
    }

    /// <exception cref="CloudException">The pod failed, timed out or answered something unusable.</exception>
    public async Task<JobState> GenerateAsync(JsonObject input, string requestId, CancellationToken cancellationToken)
    {
        var json = input.ToJsonString();
        var answer = await _http.SendAsync(_generate, () => Request(HttpMethod.Post, "generate", requestId, json), "pod generate", cancellationToken).ConfigureAwait(false);
        if (!answer.IsSuccess)
        {
            throw new CloudException(answer.Code is 401 or 403 ? ErrorKind.Auth : ErrorKind.CloudApi, $"/generate answered HTTP {answer.Code}: {answer.Describe()}");
        }
        var body = answer.Json() ?? throw new CloudException(ErrorKind.CloudApi, "/generate answered something that is not JSON");
        if (JobState.Parse(body, requestId) is { } state && state.Status is JobStatuses.Completed or JobStatuses.Failed or JobStatuses.Cancelled or JobStatuses.TimedOut)
        {
            return string.IsNullOrEmpty(state.Id) ? state with { Id = requestId } : state;
        }
        var output = body is JsonObject o && o["output"] is { } inner ? inner.DeepClone() : body.DeepClone();
        return new JobState(requestId, JobStatuses.Completed, output, null, null, null, null);
    }

    private HttpRequestMessage Request(HttpMethod method, string path, string requestId, string? json)
    {
        var message = new HttpRequestMessage(method, new Uri(_baseUrl.AbsoluteUri.TrimEnd('/') + "/" + path));
        if (_options.PodApiKey is { } key)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key.Reveal());
        }
        message.Headers.Add("X-Request-ID", requestId);
        if (json is not null)
        {
            message.Content = JsonBody.Of(json);
        }
        return message;
    }
}
