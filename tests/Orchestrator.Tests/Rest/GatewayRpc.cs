using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Orchestrator.Tests.Rest;

/// <summary>
/// PostgREST's RPC call, on the real test database: picks the overload of <c>public.&lt;fn&gt;</c> whose
/// argument names match the JSON keys (404 PGRST202 otherwise), converts the body with
/// <c>json_to_record</c> into the declared argument types and calls the function by name as
/// <c>service_role</c>, so grants apply. Sets come back as a JSON array, scalars as their JSON value,
/// void as 204; sets are capped at
/// <see cref="MaxRows"/> as on Supabase. PostgreSQL errors come back as PostgREST's error body with its HTTP status.
/// </summary>
internal sealed class GatewayRpc(NpgsqlDataSource db)
{
    /// <summary>Supabase's <c>db-max-rows</c>: set-returning calls (and table reads) stop at this many rows.</summary>
    public const int MaxRows = 1000;

    private const string OverloadsSql = """
        SELECT p.proargnames[1:p.pronargs], p.pronargdefaults, p.proretset OR t.typtype = 'c' OR p.prorettype = 'record'::regtype,
               p.prorettype = 'void'::regtype,
               array(SELECT format_type(a.oid, NULL) FROM unnest(p.proargtypes::oid[]) WITH ORDINALITY AS a (oid, i) ORDER BY a.i)
          FROM pg_proc p JOIN pg_type t ON t.oid = p.prorettype
         WHERE p.pronamespace = 'public'::regnamespace AND p.proname = $1
        """;

    public async Task<IResult> CallAsync(string function, string body)
    {
        JsonObject arguments;
        try
        {
            arguments = string.IsNullOrWhiteSpace(body) ? [] : JsonNode.Parse(body) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException ex)
        {
            return Error(400, "PGRST102", $"Empty or invalid json: {ex.Message}");
        }
        var keys = arguments.Select(a => a.Key).ToList();
        var overload = (await OverloadsAsync(function)).FirstOrDefault(o => o.Accepts(keys));
        if (overload is null)
        {
            return Error(404, "PGRST202", $"Could not find the function public.{function}({string.Join(", ", keys)}) in the schema cache",
                $"Searched for the function public.{function} with parameters {string.Join(", ", keys)}, but no matches were found in the schema cache.");
        }
        try
        {
            return await ExecuteAsync(function, overload, keys, arguments.ToJsonString());
        }
        catch (PostgresException ex)
        {
            return Error(PostgrestStatus.For(ex.SqlState), ex.SqlState, ex.MessageText, ex.Detail, ex.Hint);
        }
    }

    public static IResult Error(int status, string? code, string message, string? details = null, string? hint = null) =>
        Results.Json(new { code, message, details, hint }, statusCode: status);

    private async Task<IResult> ExecuteAsync(string function, Overload overload, List<string> keys, string json)
    {
        var sql = new StringBuilder(overload.ReturnsRows ? "SELECT coalesce(json_agg(r), '[]'::json)::text FROM (SELECT r.*" : $"SELECT to_json(public.{Quote(function)}({Call(keys)}))::text");
        if (keys.Count > 0 || overload.ReturnsRows)
        {
            sql.Append(" FROM ");
        }
        if (keys.Count > 0)
        {
            var columns = keys.Select(k => $"{Quote(k)} {overload.TypeOf(k)}");
            sql.Append($"json_to_record($1::json) AS x ({string.Join(", ", columns)})");
        }
        if (overload.ReturnsRows)
        {
            sql.Append(keys.Count > 0 ? ", LATERAL " : "").Append($"public.{Quote(function)}({Call(keys)}) AS r LIMIT {MaxRows}) AS r");
        }
        await using var connection = await db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var role = new NpgsqlCommand("SET LOCAL ROLE service_role", connection, transaction))
        {
            await role.ExecuteNonQueryAsync();
        }
        await using var command = new NpgsqlCommand(sql.ToString(), connection, transaction);
        if (keys.Count > 0)
        {
            command.Parameters.AddWithValue(json);
        }
        var result = await command.ExecuteScalarAsync() as string;
        await transaction.CommitAsync();
        return overload.ReturnsVoid ? Results.NoContent() : Results.Text(result ?? "null", "application/json");
    }

    private async Task<List<Overload>> OverloadsAsync(string function)
    {
        var overloads = new List<Overload>();
        await using var command = db.CreateCommand(OverloadsSql);
        command.Parameters.AddWithValue(function);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var names = reader.IsDBNull(0) ? [] : reader.GetFieldValue<string[]>(0);
            overloads.Add(new Overload(names, reader.GetInt16(1), reader.GetBoolean(2), reader.GetBoolean(3), reader.GetFieldValue<string[]>(4)));
        }
        return overloads;
    }

    private static string Call(IEnumerable<string> keys) => string.Join(", ", keys.Select(k => $"{Quote(k)} := x.{Quote(k)}"));

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private sealed record Overload(string[] Names, int Defaults, bool ReturnsRows, bool ReturnsVoid, string[] Types)
    {
        public bool Accepts(IReadOnlyCollection<string> keys) =>
            Names.Length == Types.Length && keys.All(Names.Contains) && Names.Take(Names.Length - Defaults).All(keys.Contains);

        public string TypeOf(string name) => Types[Array.IndexOf(Names, name)];
    }
}
