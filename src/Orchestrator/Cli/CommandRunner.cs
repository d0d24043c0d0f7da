using System.CommandLine;
using System.CommandLine.Parsing;
using Microsoft.Extensions.Configuration;

namespace Orchestrator.Cli;

/// <summary>
/// Parses the command line with System.CommandLine (<see cref="CliTree"/>) and runs the command. Any parse
/// problem (an unknown option or argument, a missing or malformed value) exits 2 before configuration is
/// read or any call is made, naming the token and the closest known one.
/// </summary>
public static class CommandRunner
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, IConfiguration? configuration = null)
    {
        using var stop = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; stop.Cancel(); };
        Console.CancelKeyPress += onCancel;
        try
        {
            var root = CliTree.Build(handler => (parse, token) =>
                handler(new CommandContext(args, WithOverrides(configuration ?? BuildConfiguration(), parse), output, error) { Parse = parse }, token));
            var parse = root.Parse(args);
            if (parse.Action is System.CommandLine.Help.HelpAction)
            {
                await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, stop.Token).ConfigureAwait(false);
                await CliEnvironment.WriteAsync(parse.CommandResult.Command, output).ConfigureAwait(false);
                return ExitCodes.Ok;
            }
            if (parse.Errors.Count > 0 || parse.Action is null)
            {
                return await RefuseAsync(parse, output, error).ConfigureAwait(false);
            }
            return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false }, stop.Token).ConfigureAwait(false);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary>appsettings.json next to the binary (or in the working directory), then environment variables.</summary>
    public static IConfiguration BuildConfiguration() => new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
        .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
        .AddEnvironmentVariables()
        .Build();

    /// <summary>The global options override their variable for this run.</summary>
    private static IConfiguration WithOverrides(IConfiguration configuration, ParseResult parse)
    {
        var overrides = CliTree.GlobalOverrides
            .Select(o => (Variable: o.Value, Value: parse.GetValue<string>(o.Key)))
            .Where(o => o.Value is not null)
            .ToDictionary(o => o.Variable, o => o.Value);
        return overrides.Count == 0 ? configuration : new ConfigurationBuilder().AddConfiguration(configuration).AddInMemoryCollection(overrides).Build();
    }

    private static async Task<int> RefuseAsync(ParseResult parse, TextWriter output, TextWriter error)
    {
        var command = parse.CommandResult.Command;
        var path = CommandPath(parse.CommandResult);
        var problems = new List<string>();
        var optionLike = parse.Errors.Where(e => e.Message.StartsWith(CliOptions.OptionLike, StringComparison.Ordinal))
            .Select(e => e.Message[CliOptions.OptionLike.Length..]).ToList();
        foreach (var token in parse.UnmatchedTokens.Concat(optionLike).Distinct(StringComparer.Ordinal))
        {
            problems.Add(Unmatched(parse, token, path));
        }
        problems.AddRange(parse.Errors.Where(e => !e.Message.StartsWith(CliOptions.OptionLike, StringComparison.Ordinal)).Select(e => Named(e) + e.Message.Replace("\n\t", " ", StringComparison.Ordinal).Replace(":\n", ": ", StringComparison.Ordinal).Trim()).Where(m => !parse.UnmatchedTokens.Any(t => m.Contains($"'{t}'", StringComparison.Ordinal)) && !m.StartsWith("Required command", StringComparison.Ordinal)));
        if (problems.Count == 0 || parse.Action is null && parse.UnmatchedTokens.Count == 0)
        {
            problems.Add(command.Subcommands.Count > 0
                ? $"'{path}' needs a command: {string.Join(", ", command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name))}"
                : $"'{path}' cannot run alone");
        }
        var headline = $"{path}: bad command line ({problems.Count} problem(s)); nothing was read or done. '{path} --help' lists the options.";
        var context = new CommandContext(parse.Tokens.Select(t => t.Value).ToList(), new ConfigurationBuilder().Build(), output, error);
        await CliErrors.WriteAsync(context, headline, problems).ConfigureAwait(false);
        return ExitCodes.BadInput;
    }

    /// <summary>The option's name before a message that does not already start with it.</summary>
    private static string Named(ParseError error)
    {
        var option = error.SymbolResult as OptionResult ?? (error.SymbolResult as ArgumentResult)?.Parent as OptionResult;
        return option is not null && !error.Message.StartsWith(option.Option.Name, StringComparison.Ordinal) ? option.Option.Name + ": " : "";
    }

    private static string Unmatched(ParseResult parse, string token, string path)
    {
        var known = KnownNames(parse.CommandResult).ToList();
        var elsewhere = Owners(parse.RootCommandResult.Command, token, "orchestrator").FirstOrDefault();
        if (elsewhere == path)
        {
            return $"'{token}' must come after the command: {path} {token}";
        }
        if (elsewhere is not null)
        {
            return $"'{token}' is not an option of '{path}'; it belongs to '{elsewhere}': put it after that command ({elsewhere} {token})";
        }
        var closest = known.Select(n => (Name: n, Distance: Levenshtein(token, n))).Where(c => c.Distance <= Math.Max(2, token.Length / 3)).OrderBy(c => c.Distance).FirstOrDefault();
        var kind = token.StartsWith('-') ? "unknown option" : "unexpected argument";
        return closest.Name is null ? $"{kind} '{token}' for '{path}'" : $"{kind} '{token}' for '{path}'; did you mean '{closest.Name}'?";
    }

    private static IEnumerable<string> KnownNames(CommandResult result)
    {
        for (CommandResult? at = result; at is not null; at = at.Parent as CommandResult)
        {
            foreach (var option in at.Command.Options.Where(o => at == result || o.Recursive))
            {
                yield return option.Name;
            }
        }
        foreach (var sub in result.Command.Subcommands)
        {
            yield return sub.Name;
        }
    }

    /// <summary>Commands elsewhere in the tree that have an option named <paramref name="token"/>.</summary>
    private static IEnumerable<string> Owners(Command command, string token, string path)
    {
        foreach (var sub in command.Subcommands)
        {
            var subPath = $"{path} {sub.Name}";
            if (sub.Options.Any(o => o.Name == token))
            {
                yield return subPath;
            }
            foreach (var deeper in Owners(sub, token, subPath))
            {
                yield return deeper;
            }
        }
    }

    private static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (CommandResult? at = result; at is not null; at = at.Parent as CommandResult)
        {
            names.Insert(0, at.Parent is null ? "orchestrator" : at.Command.Name);
        }
        return string.Join(' ', names);
    }

    private static int Levenshtein(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }
            previous = current;
        }
        return previous[b.Length];
    }
}
