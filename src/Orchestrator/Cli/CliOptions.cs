using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Orchestrator.Cli;

/// <summary>
/// Typed options with their ranges checked by the parser, so a bad value is refused (exit 2) before any
/// configuration is read or any call is made. Durations are seconds; NaN, infinities and values past the
/// range are refused with the option's name and the value.
/// </summary>
public static class CliOptions
{
    /// <summary>
    /// An argument that refuses values starting with '-': System.CommandLine would otherwise take a mistyped
    /// option as the argument (<c>drain --dryrun</c> draining a worker named "--dryrun").
    /// </summary>
    public static Argument RefusingOptions(Argument argument)
    {
        argument.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(t => t.Value.StartsWith('-')))
            {
                result.AddError($"{OptionLike}{token.Value}");
            }
        });
        return argument;
    }

    /// <summary>The start of the error an option-like argument value gets (the runner names the closest option).</summary>
    public const string OptionLike = "option-like argument: ";

    public static Option<bool> Flag(string name, string description) => new(name) { Description = description };

    public static Option<bool> Json() => Flag("--json", "print one JSON object instead of text (shape in docs/cli.md); errors are JSON too");

    public static Option<string> Text(string name, string description, string helpName) =>
        new(name) { Description = description, HelpName = helpName };

    public static Option<string> Choice(string name, string description, string fallback, params string[] values)
    {
        var option = new Option<string>(name) { Description = description, DefaultValueFactory = _ => fallback };
        option.AcceptOnlyFromAmong(values);
        return option;
    }

    public static Option<double> Seconds(string name, string description, double fallback, double min = 0.001, double max = 7 * 24 * 3600) =>
        Number(name, description, fallback, min, max, "seconds");

    public static Option<double> Number(string name, string description, double fallback, double min, double max, string helpName) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => fallback,
        HelpName = helpName,
        CustomParser = result => Parse(result, name, min, max, helpName,
            text => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && !double.IsNaN(v) ? v : null),
    };

    public static Option<int> Count(string name, string description, int fallback, int min, int max) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => fallback,
        HelpName = "N",
        CustomParser = result => (int)Parse(result, name, min, max, "a whole number",
            text => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null),
    };

    private static double Parse(ArgumentResult result, string name, double min, double max, string what, Func<string, double?> parse)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (parse(text) is { } value && value >= min && value <= max)
        {
            return value;
        }
        result.AddError(string.Create(CultureInfo.InvariantCulture, $"{name}: '{text}' is not {what} in [{min}, {max}]"));
        return min;
    }
}
