using Orchestrator.Core.Ports;
using Orchestrator.Http;
using Polly;
using Polly.Timeout;

namespace Orchestrator.Serverless.Api;

/// <summary>Sends a request through a pipeline (a fresh message per attempt) and buffers the answer.</summary>
public sealed class ResilientHttp(HttpClient http)
{
    /// <summary>The largest answer read (a job's output may carry base64 images); over it the call fails as CloudApi.</summary>
    public const int MaxAnswerBytes = 64 * 1024 * 1024;

    public HttpClient Client => http;

    /// <exception cref="CloudException">Transient when the host cannot be reached or the call timed out.</exception>
    public async Task<HttpAnswer> SendAsync(ResiliencePipeline<HttpResponseMessage> pipeline, Func<HttpRequestMessage> request, string operation, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await pipeline.ExecuteAsync(async token =>
            {
                using var message = request();
                return await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
            var body = await BoundedBody.ReadAsync(response.Content, MaxAnswerBytes,
                what => new CloudException(ErrorKind.CloudApi, $"{operation}: {BoundedBody.TooLargeText(what, MaxAnswerBytes)}"), cancellationToken).ConfigureAwait(false);
            return new HttpAnswer(response.StatusCode, body);
        }
        catch (TimeoutRejectedException e)
        {
            throw new CloudException(ErrorKind.Transient, $"{operation}: timed out after {e.Timeout.TotalSeconds:0.###} s", e);
        }
        catch (HttpRequestException e)
        {
            throw new CloudException(ErrorKind.Transient, $"{operation}: {e.Message}", e);
        }
    }
}
