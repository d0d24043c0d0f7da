using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Orchestrator.Configuration;

/// <summary>
/// Reads settings by their environment name (<c>MIN_ACTIVE_GPUS</c>) or, failing that, by their
/// .NET path (<c>Orchestrator:Scaling:MinActive</c>, i.e. <c>Orchestrator__Scaling__MinActive</c>),
/// and collects every problem with the offending value instead of stopping at the first.
/// </summary>
public sealed class SettingsReader(IConfiguration configuration)
{
    private readonly List<string> _problems = [];

    /// <summary>The longest duration any setting accepts.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(366);

    public IReadOnlyList<string> Problems => _problems;

    public IConfiguration Configuration => configuration;

    public void Problem(string message) => _problems.Add(message);

    /// <summary>The raw value and the name it was found under, or null.</summary>
    public (string Value, string Name)? Raw(string envName, string? path = null)
    {
        var value = configuration[envName];
        if (!string.IsNullOrWhiteSpace(value))
        {
            return (value.Trim(), envName);
        }
        if (path is not null && configuration[path] is { } fromPath && !string.IsNullOrWhiteSpace(fromPath))
        {
            return (fromPath.Trim(), path.Replace(":", "__", StringComparison.Ordinal));
        }
        return null;
    }

    public string? String(string envName, string? path = null, string? fallback = null) => Raw(envName, path)?.Value ?? fallback;

    public Secret? Secret(string envName, string? path = null)
    {
        var secret = Orchestrator.Configuration.Secret.From(Raw(envName, path)?.Value);
        if (secret is not null)
        {
            _secretsRead.Add(secret);
        }
        return secret;
    }

    /// <summary>Every secret read so far, also those only a registration reads (the SSH key): the log redactor masks them all.</summary>
    public IReadOnlyList<Secret> SecretsRead => _secretsRead;

    private readonly List<Secret> _secretsRead = [];

    public int Int(string envName, string? path, int fallback, int min = int.MinValue, int max = int.MaxValue)
    {
        if (Raw(envName, path) is not { } raw)
        {
            return fallback;
        }
        if (!int.TryParse(raw.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            Problem($"{raw.Name}: '{raw.Value}' is not a whole number");
            return fallback;
        }
        return InRange(raw.Name, value, min, max) ? value : fallback;
    }

    public double Double(string envName, string? path, double fallback, double min = double.MinValue, double max = double.MaxValue)
    {
        if (Raw(envName, path) is not { } raw)
        {
            return fallback;
        }
        if (!double.TryParse(raw.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || double.IsNaN(value))
        {
            Problem($"{raw.Name}: '{raw.Value}' is not a number");
            return fallback;
        }
        if (value < min || value > max)
        {
            Problem($"{raw.Name}: {raw.Value} is outside [{min}, {max}]");
            return fallback;
        }
        return value;
    }

    public decimal? Decimal(string envName, string? path, decimal? fallback = null, decimal min = 0)
    {
        if (Raw(envName, path) is not { } raw)
        {
            return fallback;
        }
        if (!decimal.TryParse(raw.Value, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) || value < min)
        {
            Problem($"{raw.Name}: '{raw.Value}' is not a number ≥ {min}");
            return fallback;
        }
        return value;
    }

    /// <summary>A duration given in seconds (the legacy names end in <c>_SEC</c>).</summary>
    public TimeSpan Seconds(string envName, string? path, TimeSpan fallback, double minSeconds = 0) =>
        Duration(envName, path, fallback, TimeSpan.FromSeconds, minSeconds);

    public TimeSpan Minutes(string envName, string? path, TimeSpan fallback) =>
        Duration(envName, path, fallback, TimeSpan.FromMinutes, 0);

    private TimeSpan Duration(string envName, string? path, TimeSpan fallback, Func<double, TimeSpan> unit, double min)
    {
        if (Raw(envName, path) is not { } raw)
        {
            return fallback;
        }
        if (!double.TryParse(raw.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < min || double.IsNaN(value) || double.IsInfinity(value))
        {
            Problem($"{raw.Name}: '{raw.Value}' is not a number ≥ {min}");
            return fallback;
        }
        // TimeSpan holds about 29,000 years; a duration past a year is a typo, and past TimeSpan it would throw.
        if (value * unit(1).TotalSeconds > MaxDuration.TotalSeconds)
        {
            Problem($"{raw.Name}: '{raw.Value}' is longer than a year ({MaxDuration.TotalSeconds:0} s)");
            return fallback;
        }
        return unit(value);
    }

    /// <summary>
    /// An absolute http(s) URL without a trailing slash, or null when unset or invalid (a problem is recorded).
    /// User info is refused without echoing the value: credentials belong in headers, never in a URL.
    /// </summary>
    public Uri? HttpUrl(string envName, string? path = null)
    {
        if (Raw(envName, path) is not { } raw)
        {
            return null;
        }
        if (!Uri.TryCreate(raw.Value.TrimEnd('/'), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            Problem($"{raw.Name}: '{raw.Value}' is not an http(s) URL");
            return null;
        }
        if (url.UserInfo.Length > 0)
        {
            Problem($"{raw.Name}: the URL must not carry user info (credentials go in headers; value hidden)");
            return null;
        }
        return url;
    }

    public bool Bool(string envName, string? path, bool fallback)
    {
        if (Raw(envName, path) is not { } raw)
        {
            return fallback;
        }
        switch (raw.Value.ToLowerInvariant())
        {
            case "true" or "1" or "yes" or "on":
                return true;
            case "false" or "0" or "no" or "off":
                return false;
            default:
                Problem($"{raw.Name}: '{raw.Value}' is not true/false");
                return fallback;
        }
    }

    public string Choice(string envName, string? path, string fallback, params string[] allowed)
    {
        if (Raw(envName, path) is not { } raw)
        {
            return fallback;
        }
        var match = allowed.FirstOrDefault(a => string.Equals(a, raw.Value, StringComparison.OrdinalIgnoreCase));
        if (match is null)
        {
            Problem($"{raw.Name}: '{raw.Value}' is not one of {string.Join(", ", allowed)}");
            return fallback;
        }
        return match;
    }

    private bool InRange(string name, int value, int min, int max)
    {
        if (value >= min && value <= max)
        {
            return true;
        }
        Problem(max == int.MaxValue ? $"{name}: {value} is below the minimum {min}" : $"{name}: {value} is outside [{min}, {max}]");
        return false;
    }
}
