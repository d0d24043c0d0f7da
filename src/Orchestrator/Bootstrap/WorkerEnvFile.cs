using System.Text;

namespace Orchestrator.Bootstrap;

/// <summary>
/// The env file sent over the SSH session's standard input and sourced by the launch script with
/// <c>set -a</c>: one <c>NAME='value'</c> line per variable, single-quoted so nothing is expanded.
/// </summary>
public static class WorkerEnvFile
{
    public static string Render(IEnumerable<KeyValuePair<string, string>> variables)
    {
        var s = new StringBuilder();
        foreach (var (name, value) in variables)
        {
            if (name.Length == 0 || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c == '_')) || char.IsAsciiDigit(name[0]))
            {
                throw new ArgumentException($"'{name}' is not a valid environment variable name", nameof(variables));
            }
            s.Append(name).Append('=').Append(ShellQuote.Quote(value)).Append('\n');
        }
        return s.ToString();
    }
}
