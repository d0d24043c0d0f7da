using System.Data.Common;
using System.Text.Json;
using Orchestrator.Configuration;
using Serilog.Formatting.Json;

namespace Orchestrator.Logging;

/// <summary>
/// The last line of defence against credentials in output: every configured secret value (and its
/// JSON-escaped and URL-encoded spellings, the password inside a connection string, the lines of a
/// private key) is replaced by <see cref="Mask"/> wherever it appears. Values shorter than
/// <see cref="MinimumLength"/> (or the length given) are not registered, so trivial values are never masked.
/// Also used on remote output before it is logged or stored.
/// </summary>
public sealed class SecretRedactor
{
    public const int MinimumLength = 8;
    public const string Mask = "***";

    private readonly string[] _needles;
    private readonly int _minimumLength;

    public SecretRedactor(IEnumerable<string> secrets, int minimumLength = MinimumLength)
    {
        _minimumLength = minimumLength;
        _needles = secrets.SelectMany(Spellings)
            .Where(s => s.Length >= minimumLength)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(s => s.Length)
            .ToArray();
    }

    public static SecretRedactor None { get; } = new([]);

    /// <summary>How many distinct spellings are masked (for the start-up log; never the values).</summary>
    public int Count => _needles.Length;

    /// <summary>
    /// Every secret the configuration holds (<see cref="OrchestratorConfig.Secrets"/>, kept complete by a test that walks
    /// the configuration's properties) and every secret the reader handed out.
    /// </summary>
    /// <param name="alsoRead">Secrets read outside the configuration object (<see cref="SettingsReader.SecretsRead"/>).</param>
    public static SecretRedactor FromConfig(OrchestratorConfig config, IEnumerable<Secret>? alsoRead = null) =>
        new((alsoRead ?? []).Concat(config.Secrets).Select(s => s.Reveal()));

    public string Redact(string text)
    {
        if (_needles.Length == 0 || text.Length < _minimumLength)
        {
            return text;
        }
        foreach (var needle in _needles)
        {
            if (text.Contains(needle, StringComparison.Ordinal))
            {
                text = text.Replace(needle, Mask, StringComparison.Ordinal);
            }
        }
        return text;
    }

    /// <summary>The value as written by the JSON formatter, URL-encoded, its connection-string password and key lines.</summary>
    private static IEnumerable<string> Spellings(string secret)
    {
        var value = secret.Trim();
        yield return value;
        foreach (var spelling in Encodings(value))
        {
            yield return spelling;
        }
        if (PasswordOf(value) is { } password)
        {
            yield return password;
            foreach (var spelling in Encodings(password))
            {
                yield return spelling;
            }
        }
        foreach (var line in value.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length >= 16 && !line.StartsWith("-----", StringComparison.Ordinal) && line != value)
            {
                yield return line;
            }
        }
    }

    /// <summary>As Serilog's JSON writer escapes it (log lines), as System.Text.Json does (reports, audit JSON), URL-encoded.</summary>
    private static IEnumerable<string> Encodings(string value)
    {
        using var writer = new StringWriter();
        JsonValueFormatter.WriteQuotedJsonString(value, writer);
        yield return writer.ToString()[1..^1];
        yield return JsonSerializer.Serialize(value, LogJson.Default.String)[1..^1];
        yield return JsonSerializer.Serialize(value, RelaxedJson.String)[1..^1];
        yield return Uri.EscapeDataString(value);
    }

    private static readonly LogJson RelaxedJson = new(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    private static string? PasswordOf(string value)
    {
        if (!value.Contains('=', StringComparison.Ordinal) || !value.Contains(';', StringComparison.Ordinal))
        {
            return null;
        }
        try
        {
            var builder = new DbConnectionStringBuilder { ConnectionString = value };
            return builder.TryGetValue("password", out var pw) && pw is string s && s.Length > 0 ? s : null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
