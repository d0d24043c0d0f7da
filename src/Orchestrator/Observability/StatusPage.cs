using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orchestrator.Logging;
using Orchestrator.RunPod;

namespace Orchestrator.Observability;

/// <summary>
/// The read-only status page on the health listener (STATUS_PAGE_ENABLED=true): GET / and /status serve the
/// static page (no data in it), GET /api/status the data as JSON (<see cref="StatusJson"/>): the last cycles from
/// <see cref="FleetMetrics.Board"/>, the history from the store (<see cref="StatusHistory"/>, read-only, shared by
/// concurrent requests), the placement back-offs from the RunPod adapter (none with another cloud). When STATUS_TOKEN is set, /api/status answers 401 unless the request carries
/// <c>Authorization: Bearer &lt;token&gt;</c> or the cookie <c>status_token</c>; compared in constant time.
/// The JSON passes through the secret redactor as a last line of defence.
/// </summary>
/// <param name="backoffs">The placements backed off now (the RunPod adapter's; empty with another cloud).</param>
public sealed class StatusPage(FleetMetrics metrics, StatusHistory history, Func<IReadOnlyList<PlacementBackoffEntry>> backoffs,
    ObservabilityOptions options, TimeProvider time, SecretRedactor redactor)
{
    public const string TokenCookie = "status_token";
    private static readonly string ScriptHash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(StatusPageHtml.Script)));
    private static readonly string PagePolicy =
        $"default-src 'none'; script-src 'sha256-{ScriptHash}'; style-src 'unsafe-inline'; connect-src 'self'; form-action 'none'; frame-ancestors 'none'";
    private readonly byte[]? _tokenHash = options.StatusToken is { } token ? SHA256.HashData(Encoding.UTF8.GetBytes(token.Reveal())) : null;

    public void Map(IEndpointRouteBuilder app)
    {
        var get = new HttpMethodMetadata([HttpMethods.Get]);
        app.MapGet("/", ServePage).WithMetadata(get);
        app.MapGet("/status", ServePage).WithMetadata(get);
        app.MapGet("/api/status", ServeDataAsync).WithMetadata(get);
    }

    // A RequestDelegate (HttpContext -> Task), not a handler returning IResult: the native build has no runtime code
    // generation for minimal-API parameter binding.
    private static Task ServePage(HttpContext context)
    {
        Harden(context.Response);
        context.Response.Headers.ContentSecurityPolicy = PagePolicy;
        return Results.Content(StatusPageHtml.Page, "text/html; charset=utf-8").ExecuteAsync(context);
    }

    private async Task ServeDataAsync(HttpContext context)
    {
        var response = context.Response;
        Harden(response);
        if (!Authorized(context.Request))
        {
            response.StatusCode = StatusCodes.Status401Unauthorized;
            response.Headers.WWWAuthenticate = "Bearer";
            return;
        }
        var reading = await history.ReadAsync().ConfigureAwait(false);
        var buffer = new MemoryStream();
        await using (buffer.ConfigureAwait(false))
        {
            var writer = new Utf8JsonWriter(buffer);
            await using (writer.ConfigureAwait(false))
            {
                StatusJson.Write(writer, new StatusInputs(metrics.Board.View(), metrics.SpendCap, time.GetUtcNow(), reading, backoffs()));
            }
            var json = redactor.Redact(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
            response.ContentType = "application/json; charset=utf-8";
            await response.WriteAsync(json, context.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>True without a configured token; otherwise the bearer header or the cookie must match (constant time over the hashes).</summary>
    public bool Authorized(HttpRequest request)
    {
        if (_tokenHash is null)
        {
            return true;
        }
        var header = request.Headers.Authorization.ToString();
        var given = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim()
            : request.Cookies[TokenCookie];
        return given is { Length: > 0 } && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), _tokenHash);
    }

    private static void Harden(HttpResponse response)
    {
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.XFrameOptions = "DENY";
    }
}
