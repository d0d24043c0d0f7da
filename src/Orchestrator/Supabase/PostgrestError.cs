using System.Text.Json;

namespace Orchestrator.Supabase;

/// <summary>
/// PostgREST's error body <c>{"code","message","details","hint"}</c> (also the gateway's
/// <c>{"message"}</c> and an edge function's <c>{"error"}</c>). <see cref="Code"/> is a SQLSTATE or a
/// <c>PGRSTnnn</c> code.
/// </summary>
public sealed record PostgrestError(string? Code, string Message, string? Details, string? Hint)
{
    /// <summary>PostgREST: no function of that name and those argument names in its schema cache.</summary>
    public const string FunctionNotFound = "PGRST202";

    /// <summary>PostgREST: no such table or view in its schema cache.</summary>
    public const string TableNotFound = "PGRST205";

    public bool IsMissingObject => Code is FunctionNotFound or TableNotFound or "42883" or "42P01";

    /// <summary>The body as an error, or null when it is not a JSON object with a message.</summary>
    public static PostgrestError? TryParse(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }
            var message = Text(root, "message") ?? Text(root, "error") ?? Text(root, "msg");
            return message is null ? null : new PostgrestError(Text(root, "code"), message, Text(root, "details"), Text(root, "hint"));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public override string ToString()
    {
        var text = Code is null ? Message : $"{Code}: {Message}";
        if (!string.IsNullOrWhiteSpace(Details))
        {
            text += $" ({Details})";
        }
        return string.IsNullOrWhiteSpace(Hint) ? text : $"{text}; hint: {Hint}";
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => value.GetRawText(),
        } : null;
}
