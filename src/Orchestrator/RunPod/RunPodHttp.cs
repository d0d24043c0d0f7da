using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Orchestrator.Core.Ports;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Orchestrator.RunPod;

/// <summary>
/// Sends RunPod requests through the pipelines: the key goes in the Authorization header (never the
/// URL), statuses and bodies are classified, secrets are scrubbed from every message, and failures
/// leave as <see cref="CloudException"/>.
/// </summary>
public sealed class RunPodHttp(HttpClient http, RunPodOptions options, ILogger logger, TimeProvider time, IRunPodCallObserver? observer = null)
{
    private readonly ResiliencePipeline<object> _reads = RunPodPipelines.Reads(options, logger);
    private readonly ResiliencePipeline<object> _terminates = RunPodPipelines.Terminates(options, logger);
    private readonly ResiliencePipeline _mutations = RunPodPipelines.Mutations(options, logger);
    /// <summary>Long enough for a 422's whole <c>errors</c> list; RunPod's messages are never bodies.</summary>
    private const int MaxMessage = 1000;

    private readonly string[] _secrets = [.. options.SecretValues().Where(s => s.Length >= 4)];

    /// <summary>Sends one call. <paramref name="parse"/> reads the JSON root (Undefined for an empty body) and may throw <see cref="RunPodApiException"/>.</summary>
    /// <param name="onNotFound">Answer for "not found"; without it, not found is a <see cref="ErrorKind.CloudApi"/> failure.</param>
    /// <param name="onRefused">Turns a failure into an answer of type <typeparamref name="T"/> (a create's refusal is data); anything else means "throw".</param>
    public async Task<T> SendAsync<T>(string operation, RunPodCallKind kind, Func<HttpRequestMessage> build, Func<JsonElement, T> parse, CancellationToken cancellationToken,
        Func<T>? onNotFound = null, Func<RunPodApiException, object?>? onRefused = null)
    {
        var started = time.GetTimestamp(); // the metrics hook: one histogram sample per call, by outcome
        var outcome = "ok";
        try
        {
            Func<T>? notFound = onNotFound is null ? null : () => { outcome = "not_found"; return onNotFound(); };
            return await SendCoreAsync(operation, kind, build, parse, notFound, onRefused, cancellationToken).ConfigureAwait(false);
        }
        catch (CloudException ex)
        {
            outcome = System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(ex.Kind.ToString());
            throw;
        }
        finally
        {
            observer?.OnCallCompleted(operation, outcome, time.GetElapsedTime(started));
        }
    }

    private async Task<T> SendCoreAsync<T>(string operation, RunPodCallKind kind, Func<HttpRequestMessage> build, Func<JsonElement, T> parse, Func<T>? onNotFound,
        Func<RunPodApiException, object?>? onRefused, CancellationToken cancellationToken)
    {
        try
        {
            if (kind == RunPodCallKind.Mutation)
            {
                return await _mutations.ExecuteAsync(async ct => await SendOnceAsync(build, parse, ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            }
            // The read and terminate pipelines are typed (hedging needs a result type): the answer goes through them as an object.
            var pipeline = kind == RunPodCallKind.Terminate ? _terminates : _reads;
            return (T)(await pipeline.ExecuteAsync(async ct => (object)(await SendOnceAsync(build, parse, ct).ConfigureAwait(false))!, cancellationToken).ConfigureAwait(false))!;
        }
        catch (RunPodApiException ex) when (ex.NotFound && onNotFound is not null)
        {
            return onNotFound();
        }
        catch (RunPodApiException ex)
        {
            var message = Scrub(ex.Message);
            RunPodLog.CallFailed(logger, operation, ex.Kind.ToString(), message);
            if (onRefused?.Invoke(ex) is T answer)
            {
                return answer;
            }
            throw new CloudException(ex.Kind, $"RunPod {operation}: {message}");
        }
        catch (TimeoutRejectedException ex)
        {
            // The attempt's timeout, or the whole call's budget running out across its retries (a read's, or a terminate's: the mutation timeout).
            var what = kind switch
            {
                RunPodCallKind.Read when ex.Timeout == options.ReadBudget => "no answer within the read budget of",
                RunPodCallKind.Terminate when ex.Timeout == options.MutationTimeout => "no answer within the terminate budget of",
                _ => "timed out after",
            };
            RunPodLog.CallFailed(logger, operation, nameof(ErrorKind.Transient), $"{what} {ex.Timeout.TotalSeconds:0.#}s");
            throw new CloudException(ErrorKind.Transient, $"RunPod {operation}: {what} {ex.Timeout.TotalSeconds:0.#}s");
        }
        catch (BrokenCircuitException)
        {
            RunPodLog.CallFailed(logger, operation, nameof(ErrorKind.Transient), "circuit open");
            throw new CloudException(ErrorKind.Transient, $"RunPod {operation}: circuit open after repeated failures");
        }
    }

    /// <summary>Removes every known secret from text that came from RunPod before it is logged or thrown.</summary>
    public string Scrub(string text)
    {
        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, "***", StringComparison.Ordinal);
        }
        return text.Length > MaxMessage ? text[..MaxMessage] + "…" : text;
    }

    private async Task<T> SendOnceAsync<T>(Func<HttpRequestMessage> build, Func<JsonElement, T> parse, CancellationToken ct)
    {
        using var request = build();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey?.Reveal() ?? "");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        HttpResponseMessage response;
        try
        {
            // Headers only: the body is read with a bound (AnswerBody), never buffered whole by HttpClient.
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new RunPodApiException(ErrorKind.Transient, Scrub($"connection failed: {ex.Message}"));
        }
        using (response)
        {
            string body;
            try
            {
                body = await AnswerBody.ReadAsync(response.Content, AnswerBody.MaxBytes, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException)
            {
                throw new RunPodApiException(ErrorKind.Transient, Scrub($"connection failed while reading the answer: {ex.Message}"));
            }
            if (!response.IsSuccessStatusCode)
            {
                throw Failure(response, body);
            }
            return Parse(body, parse);
        }
    }

    private T Parse<T>(string body, Func<JsonElement, T> parse)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return parse(default);
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            throw new RunPodApiException(ErrorKind.Transient, "answer was not JSON");
        }
        using (document)
        {
            try
            {
                return parse(document.RootElement);
            }
            catch (Exception ex) when (ex is InvalidOperationException or KeyNotFoundException or FormatException)
            {
                throw new RunPodApiException(ErrorKind.Transient, Scrub($"answer had an unexpected shape: {ex.Message}"));
            }
        }
    }

    private RunPodApiException Failure(HttpResponseMessage response, string body)
    {
        var message = Scrub(ErrorMessage(body) ?? response.ReasonPhrase ?? "no message");
        var status = response.StatusCode;
        var notFound = status == HttpStatusCode.NotFound || (status is HttpStatusCode.BadRequest && RunPodErrorClassifier.IsNotFound(message));
        return new RunPodApiException(RunPodErrorClassifier.FromHttp(status), $"HTTP {(int)status}: {message}", status, RetryAfter(response), notFound);
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter is not { } header)
        {
            // A 429 without Retry-After waits the longest backoff, not the first: RunPod is pacing us.
            return response.StatusCode == HttpStatusCode.TooManyRequests ? options.MaxRetryBackoff : null;
        }
        var delay = header.Delta ?? (header.Date is { } at ? at - time.GetUtcNow() : null);
        return delay is { } d && d > TimeSpan.Zero ? d : TimeSpan.Zero;
    }

    private static string? ErrorMessage(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                foreach (var name in new[] { "error", "message", "detail" })
                {
                    if (root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                    {
                        return WithValidationErrors(value.GetString(), root);
                    }
                }
                if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0
                    && errors[0].ValueKind == JsonValueKind.Object && errors[0].TryGetProperty("message", out var m))
                {
                    return m.GetString();
                }
            }
        }
        catch (JsonException)
        {
        }
        return body.Length == 0 ? null : body;
    }

    /// <summary>A REST v2 problem (RFC 9457) may list validation failures as strings in <c>errors</c>; they are appended to <c>detail</c>.</summary>
    private static string? WithValidationErrors(string? message, JsonElement root)
    {
        var errors = root.Items("errors").Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()).ToList();
        return errors.Count == 0 ? message : $"{message} ({string.Join("; ", errors)})";
    }
}
