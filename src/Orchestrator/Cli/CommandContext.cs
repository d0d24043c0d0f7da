using System.CommandLine;
using System.CommandLine.Parsing;
using Microsoft.Extensions.Configuration;

namespace Orchestrator.Cli;

/// <summary>
/// What a command gets: the parsed command line (System.CommandLine has already refused unknown tokens and
/// bad values), the configuration and the console. <see cref="Args"/> is kept for hosts built without a
/// command line (tests, benchmarks); commands read their options through <see cref="Flag"/>,
/// <see cref="Option"/>, <see cref="Value{T}"/> and <see cref="Positional"/>.
/// </summary>
public sealed record CommandContext(IReadOnlyList<string> Args, IConfiguration Configuration, TextWriter Out, TextWriter Error)
{
    /// <summary>The parse of the command line; null for a context built by code.</summary>
    public ParseResult? Parse { get; init; }

    /// <summary>True when the command reports as JSON (<c>--json</c>): its errors are JSON too.</summary>
    public bool Json => Flag("--json");

    public bool Flag(string name) => Parse is null
        ? Args.Contains(name, StringComparer.Ordinal)
        : Find(name) is Option<bool> option && Parse.GetValue(option);

    /// <summary>The option's value as typed on the command line (its last occurrence), or null.</summary>
    public string? Option(string name)
    {
        if (Parse is null)
        {
            var index = Args.ToList().IndexOf(name);
            return index >= 0 && index + 1 < Args.Count ? Args[index + 1] : null;
        }
        return Find(name) is { } option && Parse.GetResult(option) is OptionResult { Implicit: false } result && result.Tokens.Count > 0
            ? result.Tokens[^1].Value
            : null;
    }

    /// <summary>Every value given to a repeatable option, in order.</summary>
    public IReadOnlyList<string> Values(string name) =>
        Parse is not null && Find(name) is { } option && Parse.GetResult(option) is OptionResult { Implicit: false } result
            ? [.. result.Tokens.Select(t => t.Value)]
            : [];

    /// <summary>The typed value of an option (its default when absent).</summary>
    public T? Value<T>(string name) => Parse is not null && Find(name) is Option<T> option ? Parse.GetValue(option) : default;

    /// <summary>The command's arguments (not options and not option values).</summary>
    public IReadOnlyList<string> Positional(params string[] optionsWithValues)
    {
        if (Parse is not null)
        {
            return [.. Parse.CommandResult.Children.OfType<ArgumentResult>().SelectMany(a => a.Tokens).Select(t => t.Value)];
        }
        var result = new List<string>();
        for (var i = 0; i < Args.Count; i++)
        {
            if (optionsWithValues.Contains(Args[i]))
            {
                i++;
            }
            else if (!Args[i].StartsWith("--", StringComparison.Ordinal))
            {
                result.Add(Args[i]);
            }
        }
        return result;
    }

    /// <summary>Writes problems (bad input or configuration) as one line each, or as one JSON object in JSON mode.</summary>
    public Task ReportProblemsAsync(string headline, IReadOnlyList<string> problems) =>
        CliErrors.WriteAsync(this, headline, problems);

    private Option? Find(string name)
    {
        for (var command = Parse!.CommandResult; command is not null; command = command.Parent as CommandResult)
        {
            var option = command.Command.Options.FirstOrDefault(o => o.Name == name || o.Aliases.Contains(name));
            if (option is not null && (command == Parse.CommandResult || option.Recursive))
            {
                return option;
            }
        }
        return null;
    }
}
