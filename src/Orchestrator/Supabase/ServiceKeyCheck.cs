using System.Text;
using System.Text.Json;
using Orchestrator.Configuration;

namespace Orchestrator.Supabase;

/// <summary>
/// Catches the common mistake of configuring the public key instead of the service key: a
/// <c>sb_publishable_</c> key, or a legacy JWT whose <c>role</c> claim is not <c>service_role</c>.
/// Other shapes (opaque keys, self-hosted secrets) are accepted; the server has the last word.
/// </summary>
internal static class ServiceKeyCheck
{
    public static string? Problem(Secret key)
    {
        var value = key.Reveal();
        if (value.StartsWith("sb_publishable_", StringComparison.Ordinal))
        {
            return "this is a publishable (public) key; the service needs the secret service_role key";
        }
        var role = JwtRole(value);
        return role is null or "service_role" ? null : $"this JWT has role '{role}'; the service needs the service_role key";
    }

    private static string? JwtRole(string value)
    {
        var parts = value.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }
        try
        {
            var payload = parts[1].Replace('-', '+').Replace('_', '/');
            payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
            using var json = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload)));
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("role", out var role) && role.ValueKind == JsonValueKind.String
                ? role.GetString()
                : null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException or ArgumentException)
        {
            return null;
        }
    }
}
