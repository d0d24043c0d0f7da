using System.Globalization;
using Orchestrator.Cli;

namespace Orchestrator.Serverless.Commands;

/// <summary>
/// A serverless subcommand's arguments as System.CommandLine parsed them (unknown options and missing values
/// were already refused), with the problems found while interpreting them (files, ranges).
/// </summary>
public sealed class ParsedArguments(CommandContext context)
{
    public List<string> Problems { get; } = [];

    public IReadOnlyList<string> Positional { get; } = context.Positional();

    public static ParsedArguments From(CommandContext context) => new(context);

    public bool Flag(string name) => context.Flag(name);

    public string? Value(string name) => context.Option(name);

    public IReadOnlyList<string> All(string name) => context.Values(name);

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
}
