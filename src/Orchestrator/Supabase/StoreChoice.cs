using Orchestrator.Configuration;

namespace Orchestrator.Supabase;

/// <summary>
/// Which fleet store the configuration selects, and why, for the start-up log and <c>check</c>.
/// Never contains a credential: the database is named by host, the REST project by its URL.
/// </summary>
public sealed record StoreChoice(string Store, string Detail)
{
    public const string Postgres = "postgres";
    public const string SupabaseRest = "supabase-rest";
    public const string None = "none";

    public static StoreChoice For(SupabaseSettings supabase)
    {
        if (supabase.DbConnectionString is { } connection)
        {
            var also = supabase.HasRest ? "; SUPABASE_URL is set too and unused by the store" : "";
            return new StoreChoice(Postgres, $"SUPABASE_DB_URL {DatabaseUrl.Masked(connection.Reveal())}: direct SQL, Quartz clustering and NOTIFY wake-up possible{also}");
        }
        if (supabase.HasRest)
        {
            return new StoreChoice(SupabaseRest,
                $"SUPABASE_URL {supabase.Url} with the service key over HTTPS (no database URL): one active instance, polling");
        }
        return new StoreChoice(None, "set SUPABASE_DB_URL, or SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY");
    }
}
