using Microsoft.Extensions.Configuration;

namespace Orchestrator.Cli;

/// <summary>What a command gets: its arguments (after the command name), the configuration and the console.</summary>
public sealed record CommandContext(IReadOnlyList<string> Args, IConfiguration Configuration, TextWriter Out, TextWriter Error)
{
    public bool Flag(string name) => Args.Contains(name, StringComparer.Ordinal);

    /// <summary>The value after <paramref name="name"/>, or null.</summary>
    public string? Option(string name)
    {
        var index = Args.ToList().IndexOf(name);
        return index >= 0 && index + 1 < Args.Count ? Args[index + 1] : null;
    }

    /// <summary>Arguments that are neither flags nor option values.</summary>
    public IReadOnlyList<string> Positional(params string[] optionsWithValues)
    {
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
}
