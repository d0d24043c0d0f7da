using System.Text.RegularExpressions;
using Orchestrator.Bootstrap;

namespace Orchestrator.Simulation;

/// <summary>
/// What a command sent to a simulated pod is, told by the markers the real scripts already carry:
/// the verification's <see cref="VerificationScript.NvidiaQuery"/>, the launch's <see cref="LaunchScript.Tag"/>,
/// the log tail's <c>tail -n</c> of a worker log. Also reads the <c>NAME='value'</c> settings the scripts start with.
/// </summary>
public sealed partial record PodScript(PodScriptKind Kind, IReadOnlyDictionary<string, string> Settings, string Command)
{
    public string Setting(string name) => Settings.GetValueOrDefault(name, "");

    public static PodScript Recognise(string command)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match m in Assignment().Matches(command))
        {
            settings.TryAdd(m.Groups["name"].Value, Unquote(m.Groups["value"].Value));
        }
        var kind = command switch
        {
            _ when command.Contains(VerificationScript.NvidiaQuery, StringComparison.Ordinal) && settings.ContainsKey("M") && settings.ContainsKey("C")
                => PodScriptKind.Verification,
            _ when settings.GetValueOrDefault("TAG") is { } tag && settings.TryGetValue("ID", out var id) && tag == LaunchScript.Tag(id)
                => PodScriptKind.Launch,
            _ when command.StartsWith("if [ -f ", StringComparison.Ordinal) && command.Contains("; then tail -n ", StringComparison.Ordinal)
                => PodScriptKind.LogTail,
            _ => PodScriptKind.Unknown,
        };
        if (kind == PodScriptKind.LogTail && LogFile().Match(command) is { Success: true } file)
        {
            settings["LOG"] = Unquote(file.Groups["path"].Value);
        }
        return new PodScript(kind, settings, command);
    }

    /// <summary>Reverses <see cref="ShellQuote.Quote"/>.</summary>
    public static string Unquote(string word) => word[1..^1].Replace("'\\''", "'", StringComparison.Ordinal);

    [GeneratedRegex(@"(?m)(?:^|; )(?<name>[A-Z_]+)=(?<value>'[^']*'(?:\\''[^']*')*)")]
    private static partial Regex Assignment();

    [GeneratedRegex(@"^if \[ -f (?<path>'[^']*'(?:\\''[^']*')*) \]")]
    private static partial Regex LogFile();
}
