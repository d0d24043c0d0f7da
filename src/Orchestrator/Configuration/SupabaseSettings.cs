namespace Orchestrator.Configuration;

/// <summary>Where the tasks and workers live: a database URL, or Supabase's HTTPS surface.</summary>
public sealed class SupabaseSettings
{
    public Uri? Url { get; init; }
    public Secret? ServiceRoleKey { get; init; }
    public Secret? AnonKey { get; init; }
    /// <summary>Npgsql connection string from <c>SUPABASE_DB_URL</c> / <c>DATABASE_URL</c>; a secret (holds the password).</summary>
    public Secret? DbConnectionString { get; init; }
    /// <summary>
    /// Npgsql connection string from <c>SUPABASE_DB_LISTEN_URL</c>: a direct or session-mode URL that carries the
    /// wake-up's LISTEN when the main URL goes through a transaction pooler (which cannot); a secret.
    /// </summary>
    public Secret? ListenConnectionString { get; init; }

    public bool HasDatabase => DbConnectionString is not null;

    public bool HasRest => Url is not null && ServiceRoleKey is not null;

    public static SupabaseSettings Read(SettingsReader r)
    {
        const string s = "Orchestrator:Supabase:";
        var url = r.HttpUrl("SUPABASE_URL", s + "Url");
        Secret? db = null;
        if ((r.Raw("SUPABASE_DB_URL", s + "DbUrl") ?? r.Raw("DATABASE_URL")) is { } rawDb)
        {
            if (DatabaseUrl.TryNormalize(rawDb.Value, out var cs, out var error))
            {
                db = new Secret(cs);
            }
            else
            {
                r.Problem($"{rawDb.Name}: the value {error} (value hidden: it may hold a password)");
            }
        }
        var listen = ReadListenUrl(r, db);
        return new SupabaseSettings
        {
            Url = url,
            ServiceRoleKey = r.Secret("SUPABASE_SERVICE_ROLE_KEY", s + "ServiceRoleKey"),
            AnonKey = r.Secret("SUPABASE_ANON_KEY", s + "AnonKey"),
            DbConnectionString = db,
            ListenConnectionString = listen,
        };
    }

    private static Secret? ReadListenUrl(SettingsReader r, Secret? db)
    {
        if (r.Raw("SUPABASE_DB_LISTEN_URL", "Orchestrator:Supabase:DbListenUrl") is not { } raw)
        {
            return null;
        }
        if (!DatabaseUrl.TryNormalize(raw.Value, out var cs, out var error))
        {
            r.Problem($"{raw.Name}: the value {error} (value hidden: it may hold a password)");
            return null;
        }
        if (db is null)
        {
            r.Problem($"{raw.Name}: set, but SUPABASE_DB_URL (or DATABASE_URL) is not: the listen URL only carries the wake-up's LISTEN beside the database URL");
        }
        return new Secret(cs);
    }
}
