using System.Net;
using Orchestrator.Core.Ports;

namespace Orchestrator.Supabase;

/// <summary>
/// Turns an HTTP answer of Supabase into a <see cref="StoreException"/> with an error kind. Messages
/// carry the operation, the status and PostgREST's own message, never the key.
/// </summary>
internal static class RestErrors
{
    public const string MigrateHint = "run `orchestrator migrate --print` and apply its SQL in Supabase's SQL editor (or set SUPABASE_DB_URL and run `orchestrator migrate`)";

    public static StoreException FromResponse(string operation, HttpStatusCode status, string body)
    {
        var code = (int)status;
        var error = PostgrestError.TryParse(body);
        var said = error?.ToString() ?? Snippet(body);
        return status switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new StoreException(
                $"{operation}: Supabase refused the credentials (HTTP {code}: {said}); SUPABASE_SERVICE_ROLE_KEY must be the project's service_role key for SUPABASE_URL",
                kind: ErrorKind.Auth),
            _ when error is { IsMissingObject: true } => MissingObject(operation, code, said),
            HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests => Transient(operation, code, said),
            _ when code >= 500 => Transient(operation, code, said),
            _ => new StoreException($"{operation}: Supabase answered HTTP {code}: {said}"),
        };
    }

    /// <summary>True when PostgREST said a function or table does not exist (the service's SQL is not applied).</summary>
    public static bool IsMissingObject(StoreException ex) => ex.Data.Contains(MissingObjectKey);

    public static StoreException Unreachable(string operation, HttpRequestException ex) =>
        new($"{operation}: cannot reach Supabase ({ex.HttpRequestError}: {ex.Message})", ex, ErrorKind.Transient);

    public static StoreException TimedOut(string operation, SupabaseRestOptions options, Exception inner) =>
        new($"{operation}: Supabase did not answer in time ({options.RequestTimeout.TotalSeconds:0.###} s per attempt, {options.CallBudget.TotalSeconds:0.###} s per call)",
            inner, ErrorKind.Transient);

    public static StoreException Malformed(string operation, string what, Exception? inner = null) =>
        new($"{operation}: Supabase answered something the service cannot read ({what})", inner);

    private const string MissingObjectKey = "Orchestrator.Supabase.MissingObject";

    private static StoreException MissingObject(string operation, int code, string said)
    {
        var ex = new StoreException($"{operation}: the Supabase project lacks an object the service needs (HTTP {code}: {said}); {MigrateHint}",
            kind: ErrorKind.Configuration);
        ex.Data[MissingObjectKey] = true;
        return ex;
    }

    private static StoreException Transient(string operation, int code, string said) =>
        new($"{operation}: Supabase answered HTTP {code}: {said}", kind: ErrorKind.Transient);

    private static string Snippet(string body)
    {
        var text = body.ReplaceLineEndings(" ").Trim();
        return text.Length == 0 ? "(empty body)" : text.Length > 200 ? text[..200] + "…" : text;
    }
}
