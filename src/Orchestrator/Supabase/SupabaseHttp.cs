using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Orchestrator.Core.Ports;
using Orchestrator.Http;
using Orchestrator.Postgres;
using Polly;
using Polly.Timeout;

namespace Orchestrator.Supabase;

/// <summary>
/// Calls Supabase's HTTP surface: PostgREST RPCs (<c>/rest/v1/rpc/&lt;fn&gt;</c>) and edge functions
/// (<c>/functions/v1/&lt;name&gt;</c>). The service key travels in the <c>apikey</c> and
/// <c>Authorization: Bearer</c> headers only. Every failure becomes a <see cref="StoreException"/>.
/// </summary>
public sealed class SupabaseHttp
{
    /// <summary>The <see cref="IHttpClientFactory"/> name of the client.</summary>
    public const string ClientName = "supabase-rest";

    /// <summary>The largest answer read (an observation of 5,000 workers is about 3 MB); over it the call fails as Store.</summary>
    public const int MaxAnswerBytes = 32 * 1024 * 1024;

    private readonly Func<HttpClient> _client;
    private readonly SupabaseRestOptions _options;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _retried;
    private readonly ResiliencePipeline _once;

    public SupabaseHttp(Func<HttpClient> client, SupabaseRestOptions options, ILogger logger)
    {
        _client = client;
        _options = options;
        _logger = logger;
        _retried = RestPipelines.Build(RestCall.Retried, options, logger);
        _once = RestPipelines.Build(RestCall.Once, options, logger);
    }

    /// <summary>The project's host, for log lines (never the key).</summary>
    public string Host => _options.Url.Authority;

    /// <summary>HTTP requests sent so far, retries included.</summary>
    public RoundTripCounter Requests { get; } = new();

    /// <summary>POSTs named arguments to an RPC; returns its JSON result (null for a void function).</summary>
    public Task<JsonElement?> RpcAsync(string function, JsonObject arguments, RestCall call, CancellationToken cancellationToken) =>
        PostAsync(function, "rest/v1/rpc/" + function, arguments, call, cancellationToken);

    /// <summary>POSTs a body to an edge function; returns its JSON answer.</summary>
    public Task<JsonElement?> EdgeFunctionAsync(string name, JsonObject body, CancellationToken cancellationToken) =>
        PostAsync(name, "functions/v1/" + name, body, RestCall.Retried, cancellationToken);

    private async Task<JsonElement?> PostAsync(string operation, string path, JsonObject body, RestCall call, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var context = ResilienceContextPool.Shared.Get(operation, cancellationToken);
        try
        {
            var pipeline = call == RestCall.Retried ? _retried : _once;
            var json = body.ToJsonString();
            return await pipeline.ExecuteAsync(
                static async (ctx, state) => await state.self.SendAsync(state.operation, state.path, state.json, ctx.CancellationToken).ConfigureAwait(false),
                context, (self: this, operation, path, json)).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException ex)
        {
            throw Failed(operation, clock, RestErrors.TimedOut(operation, _options, ex));
        }
        catch (StoreException ex)
        {
            throw Failed(operation, clock, ex);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async Task<JsonElement?> SendAsync(string operation, string path, string json, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(BaseUri(), path));
        var key = _options.ServiceRoleKey.Reveal();
        request.Headers.TryAddWithoutValidation("apikey", key);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Content = JsonBody.Of(json);
        Requests.Add();
        string text;
        HttpStatusCode status;
        try
        {
            using var response = await _client().SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            status = response.StatusCode;
            text = await BoundedBody.ReadAsync(response.Content, MaxAnswerBytes,
                what => new StoreException($"{operation}: {BoundedBody.TooLargeText(what, MaxAnswerBytes)}"), cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw RestErrors.Unreachable(operation, ex);
        }
        if ((int)status is < 200 or > 299)
        {
            throw RestErrors.FromResponse(operation, status, text);
        }
        if (status == HttpStatusCode.NoContent || string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw RestErrors.Malformed(operation, $"HTTP {(int)status} with a body that is not JSON", ex);
        }
    }

    private Uri BaseUri() => new(_options.Url.AbsoluteUri.TrimEnd('/') + "/");

    private StoreException Failed(string operation, Stopwatch clock, StoreException error)
    {
        RestStoreLog.CallFailed(_logger, operation, clock.ElapsedMilliseconds, error.Kind.ToString(), error.Message);
        return error;
    }
}
