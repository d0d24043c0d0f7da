using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Orchestrator.Configuration;

namespace Orchestrator.Simulation;

/// <summary>
/// One <c>--sweep NAME=v1,v2,...</c>: a numeric setting by its environment name and the values to try.
/// A name counts as a numeric setting when the service's own reader refuses a non-number for it as "not a
/// (whole) number", so every
/// numeric variable <c>simulate</c> reads can be swept and a typo cannot be silently ignored.
/// </summary>
public sealed partial record SweepAxis(string Name, IReadOnlyList<string> Values)
{
    public static IReadOnlyList<SweepAxis> Parse(IReadOnlyList<string> specs, IConfiguration configuration, List<string> problems)
    {
        var axes = new List<SweepAxis>();
        foreach (var spec in specs)
        {
            var match = Spec().Match(spec);
            if (!match.Success)
            {
                problems.Add($"--sweep: '{spec}' is not NAME=v1,v2,... (an environment name, then numbers)");
                continue;
            }
            var axis = new SweepAxis(match.Groups[1].Value, match.Groups[2].Value.Split(',', StringSplitOptions.TrimEntries));
            if (axes.Any(a => a.Name == axis.Name))
            {
                problems.Add($"--sweep: {axis.Name} is swept twice");
            }
            else if (axis.Check(configuration, problems))
            {
                axes.Add(axis);
            }
        }
        return axes;
    }

    /// <summary>Every combination of the axes' values (one empty combination without axes).</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> Combinations(IReadOnlyList<SweepAxis> axes)
    {
        IEnumerable<Dictionary<string, string>> all = [new Dictionary<string, string>(StringComparer.Ordinal)];
        foreach (var axis in axes)
        {
            all = all.SelectMany(c => axis.Values.Select(v => new Dictionary<string, string>(c, StringComparer.Ordinal) { [axis.Name] = v })).ToList();
        }
        return [.. all];
    }

    /// <summary>The configuration with these settings on top.</summary>
    public static IConfiguration With(IConfiguration configuration, IReadOnlyDictionary<string, string> settings) => new ConfigurationBuilder()
        .AddConfiguration(configuration)
        .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
        .Build();

    private bool Check(IConfiguration configuration, List<string> problems)
    {
        if (Problem(configuration, "not-a-number") is not { } refusal || !refusal.Contains("is not a", StringComparison.Ordinal) || !refusal.Contains("number", StringComparison.Ordinal))
        {
            problems.Add($"--sweep: {Name} is not a numeric setting simulate reads");
            return false;
        }
        var ok = true;
        foreach (var value in Values)
        {
            if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _) || Refused(configuration, value))
            {
                problems.Add($"--sweep: {Name}={value} is refused ({Problem(configuration, value) ?? "not a number"})");
                ok = false;
            }
        }
        return ok;
    }

    private bool Refused(IConfiguration configuration, string value) => Problem(configuration, value) is not null;

    private string? Problem(IConfiguration configuration, string value)
    {
        var reader = new SettingsReader(With(configuration, new Dictionary<string, string>(StringComparer.Ordinal) { [Name] = value }));
        OrchestratorConfig.Load(reader);
        return reader.Problems.FirstOrDefault(p => p.StartsWith(Name, StringComparison.Ordinal));
    }

    [GeneratedRegex(@"^([A-Z][A-Z0-9_]*)=([-+0-9.eE]+(?:,[-+0-9.eE]+)*)$")]
    private static partial Regex Spec();
}
