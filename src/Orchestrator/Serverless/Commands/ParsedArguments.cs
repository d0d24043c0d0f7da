using System.Globalization;

namespace Orchestrator.Serverless.Commands;

/// <summary>
/// Arguments of a serverless subcommand: flags, options with one value, options with several values
/// (<c>--images a.png b.png</c>, repeatable) and positionals. Unknown options and missing values are problems.
/// </summary>
public sealed class ParsedArguments
{
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);

    public List<string> Problems { get; } = [];
    public List<string> Positional { get; } = [];

    public static ParsedArguments Parse(IReadOnlyList<string> args, string[] flags, string[] single, string[] multi)
    {
        var parsed = new ParsedArguments();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                parsed.Positional.Add(arg);
            }
            else if (flags.Contains(arg))
            {
                parsed._flags.Add(arg);
            }
            else if (single.Contains(arg) || multi.Contains(arg))
            {
                var values = parsed.Values(arg, create: true);
                var start = values.Count;
                while (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal) && (multi.Contains(arg) || values.Count == start))
                {
                    values.Add(args[++i]);
                }
                if (values.Count == start)
                {
                    parsed.Problems.Add($"{arg}: a value is required");
                }
            }
            else
            {
                parsed.Problems.Add($"{arg}: unknown option");
            }
        }
        return parsed;
    }

    public bool Flag(string name) => _flags.Contains(name);

    public string? Value(string name) => _values.TryGetValue(name, out var v) ? v.LastOrDefault() : null;

    public IReadOnlyList<string> All(string name) => _values.TryGetValue(name, out var v) ? v : [];

    /// <summary>A positive number of seconds (fractions allowed), or null when the option is absent or bad (a problem is added).</summary>
    public TimeSpan? Seconds(string name, double min = 0.001)
    {
        if (Value(name) is not { } text)
        {
            return null;
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= min && seconds <= 7 * 24 * 3600)
        {
            return TimeSpan.FromSeconds(seconds);
        }
        Problems.Add($"{name}: '{text}' is not a number of seconds between {min} and 604800");
        return null;
    }

    private List<string> Values(string name, bool create)
    {
        if (!_values.TryGetValue(name, out var list) && create)
        {
            _values[name] = list = [];
        }
        return list!;
    }
}
