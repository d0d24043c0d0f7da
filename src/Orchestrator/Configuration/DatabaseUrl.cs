using System.Data.Common;
using System.Globalization;

namespace Orchestrator.Configuration;

/// <summary>
/// Turns the database setting into an Npgsql connection string. Accepts the URI Supabase shows
/// (<c>postgresql://user:pass@host:port/db?sslmode=require</c>) and Npgsql's <c>Key=Value</c> form.
/// </summary>
public static class DatabaseUrl
{
    public static bool TryNormalize(string value, out string connectionString, out string error)
    {
        connectionString = "";
        error = "";
        if (value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return TryFromUri(value, out connectionString, out error);
        }
        try
        {
            var builder = new DbConnectionStringBuilder { ConnectionString = value };
            if (!builder.ContainsKey("host") && !builder.ContainsKey("server"))
            {
                error = "has no Host";
                return false;
            }
            connectionString = value;
            return true;
        }
        catch (ArgumentException ex)
        {
            error = $"is neither a postgresql:// URI nor Key=Value pairs ({ex.Message})";
            return false;
        }
    }

    private static bool TryFromUri(string value, out string connectionString, out string error)
    {
        connectionString = "";
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            error = "is not a valid postgresql:// URI";
            return false;
        }
        var builder = new DbConnectionStringBuilder
        {
            ["Host"] = uri.Host,
            ["Port"] = (uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port).ToString(CultureInfo.InvariantCulture),
            ["Database"] = uri.AbsolutePath.Trim('/') is { Length: > 0 } db ? Uri.UnescapeDataString(db) : "postgres",
        };
        var userInfo = uri.UserInfo.Split(':', 2);
        if (userInfo[0].Length > 0)
        {
            builder["Username"] = Uri.UnescapeDataString(userInfo[0]);
        }
        if (userInfo.Length == 2)
        {
            builder["Password"] = Uri.UnescapeDataString(userInfo[1]);
        }
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var key = Uri.UnescapeDataString(kv[0]);
            var val = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "";
            builder[key.Equals("sslmode", StringComparison.OrdinalIgnoreCase) ? "SSL Mode" : key] = val;
        }
        connectionString = builder.ConnectionString;
        error = "";
        return true;
    }

    /// <summary>The connection string with any password replaced, for logs and <c>check</c>.</summary>
    public static string Masked(string connectionString)
    {
        try
        {
            var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
            foreach (var key in new[] { "password", "pwd" })
            {
                if (builder.ContainsKey(key))
                {
                    builder[key] = "***";
                }
            }
            return builder.ConnectionString;
        }
        catch (ArgumentException)
        {
            return "(unparseable)";
        }
    }
}
