namespace Orchestrator.Tests.Rest;

/// <summary>PostgREST's mapping of a SQLSTATE to an HTTP status (the classes the gateway can meet).</summary>
internal static class PostgrestStatus
{
    public static int For(string sqlState) => sqlState switch
    {
        "42501" => 403,
        "42883" or "42P01" => 404,
        "23503" or "23505" => 409,
        "P0001" => 400,
        _ when sqlState.StartsWith("08", StringComparison.Ordinal) || sqlState.StartsWith("53", StringComparison.Ordinal) => 503,
        _ when sqlState.StartsWith("22", StringComparison.Ordinal) || sqlState.StartsWith("23", StringComparison.Ordinal)
                                                                   || sqlState.StartsWith("42", StringComparison.Ordinal) => 400,
        _ => 500,
    };
}
