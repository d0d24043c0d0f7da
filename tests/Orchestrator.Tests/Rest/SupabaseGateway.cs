using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Orchestrator.Tests.Rest;

/// <summary>
/// A loopback Supabase for the REST store's tests: the PostgREST RPC surface (<c>/rest/v1/rpc/{fn}</c>,
/// see <see cref="GatewayRpc"/>) and Reigh's <c>task-counts</c> edge function, on top of a real test
/// database, so answers come from the database's functions, not canned data. It checks the key as
/// Supabase does (<c>apikey</c> at the API gateway, then the Bearer token) and can inject faults.
/// </summary>
public sealed class SupabaseGateway : IAsyncDisposable
{
    public const string ServiceKey = "sb_secret_test-service-key-5ecret-0123456789";

    private readonly WebApplication _app;
    private readonly NpgsqlDataSource _db;
    private readonly GatewayRpc _rpc;

    private SupabaseGateway(WebApplication app, NpgsqlDataSource db)
    {
        _app = app;
        _db = db;
        _rpc = new GatewayRpc(db);
    }

    public Uri Url { get; private set; } = null!;

    /// <summary>Faults served in order, each to the next request it matches.</summary>
    public ConcurrentQueue<GatewayFault> Faults { get; } = new();

    /// <summary>Every request: method, path with query, and all header values joined.</summary>
    public ConcurrentQueue<(string Method, string PathAndQuery, string Headers)> Requests { get; } = new();

    public int Count(string pathPart) => Requests.Count(r => r.PathAndQuery.Contains(pathPart, StringComparison.Ordinal));

    public static async Task<SupabaseGateway> StartAsync(string connectionString)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var gateway = new SupabaseGateway(builder.Build(), NpgsqlDataSource.Create(connectionString));
        gateway.Map();
        await gateway._app.StartAsync();
        gateway.Url = new Uri(gateway._app.Urls.First().TrimEnd('/'));
        return gateway;
    }

    private void Map()
    {
        _app.Use(async (context, next) =>
        {
            var request = context.Request;
            Requests.Enqueue((request.Method, request.Path + request.QueryString, string.Join(" ", request.Headers.Select(h => $"{h.Key}={h.Value}"))));
            if (Authorize(context) is { } refused)
            {
                await refused.ExecuteAsync(context);
                return;
            }
            if (NextFault(request.Path) is { } fault)
            {
                await Task.Delay(fault.Delay, context.RequestAborted);
                if (fault.Status != 0)
                {
                    context.Response.StatusCode = fault.Status;
                    context.Response.ContentType = "application/json";
                    await context.Response.WriteAsync(fault.Body ?? "");
                    return;
                }
            }
            await next(context);
        });
        _app.MapPost("/rest/v1/rpc/{function}", async (string function, HttpContext context) =>
            await _rpc.CallAsync(function, await new StreamReader(context.Request.Body).ReadToEndAsync()));
        _app.MapPost("/functions/v1/task-counts", async (HttpContext context) => await TaskCountsAsync(await new StreamReader(context.Request.Body).ReadToEndAsync()));
    }

    private static IResult? Authorize(HttpContext context)
    {
        var headers = context.Request.Headers;
        var bearer = headers.Authorization.FirstOrDefault();
        if (context.Request.Path.StartsWithSegments("/functions"))
        {
            return bearer is null ? Results.Json(new { error = "Missing authorization header" }, statusCode: 401)
                : bearer == "Bearer " + ServiceKey ? null : Results.Json(new { error = "Forbidden" }, statusCode: 403);
        }
        if (headers["apikey"] != ServiceKey)
        {
            return Results.Json(new { message = "Invalid API key", hint = "Double check your Supabase `anon` or `service_role` API key." }, statusCode: 401);
        }
        return bearer == "Bearer " + ServiceKey ? null : GatewayRpc.Error(401, "PGRST301", "JWSError JWSInvalidSignature");
    }

    private GatewayFault? NextFault(PathString path)
    {
        if (Faults.TryPeek(out var fault) && (fault.OnlyFor is null || path.Value!.Contains(fault.OnlyFor, StringComparison.Ordinal)))
        {
            Faults.TryDequeue(out _);
            return fault;
        }
        return null;
    }

    /// <summary>The service-role answer of Reigh's task-counts (totals only), from the database's own function.</summary>
    private async Task<IResult> TaskCountsAsync(string body)
    {
        var runType = (JsonNode.Parse(string.IsNullOrWhiteSpace(body) ? "{}" : body) as JsonObject)?["run_type"]?.GetValue<string>();
        await using var command = _db.CreateCommand("SELECT count_eligible_tasks_service_role(false, $1), count_eligible_tasks_service_role(true, $1)");
        command.Parameters.AddWithValue((object?)runType ?? DBNull.Value);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        int queuedOnly = reader.GetInt32(0), queuedPlusActive = reader.GetInt32(1);
        return Results.Json(new
        {
            mode = "count",
            run_type_filter = runType,
            totals = new { queued_only = queuedOnly, active_only = Math.Max(0, queuedPlusActive - queuedOnly), queued_plus_active = queuedPlusActive },
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _db.DisposeAsync();
    }
}
