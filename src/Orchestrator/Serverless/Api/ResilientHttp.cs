using Orchestrator.Core.Ports;
using Polly;
using Polly.Timeout;

namespace Orchestrator.Serverless.Api;

/// <summary>Sends a request through a pipeline (a fresh message per attempt) and buffers the answer.</summary>
public sealed class ResilientHttp(HttpClient http)
{
    public HttpClient Client => http;

    /// <exception cref="CloudException">Transient when the host cannot be reached or the call timed out.</exception>
    public async Task<HttpAnswer> SendAsync(ResiliencePipeline<HttpResponseMessage> pipeline, Func<HttpRequestMessage> request, string operation, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await pipeline.ExecuteAsync(async token =>
            {
                using var message = request();
                return await http.SendAsync(message, token).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
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
