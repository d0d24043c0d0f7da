using System.Text.RegularExpressions;

namespace Orchestrator.Bootstrap;

/// <summary>
/// The worker's command line as words, with <c>${VAR}</c> references that are expanded inside the
/// worker's Python process from its environment, never by a shell: the OS-visible command line keeps
/// the references, not the secrets. The first word is the entry script relative to the checkout, or
/// <c>-m module</c>. Words are split on whitespace.
/// </summary>
public sealed partial class LaunchTemplate
{
    /// <summary>Headless-Wan2GP's worker.py as the old orchestrator launched it.</summary>
    public const string Default = "worker.py --supabase-url ${SUPABASE_URL} --reigh-access-token ${SUPABASE_SERVICE_ROLE_KEY} --worker ${WORKER_ID}";

    private LaunchTemplate(IReadOnlyList<string> words) => Words = words;

    public IReadOnlyList<string> Words { get; }

    /// <summary>The entry script relative to the checkout; null when the template runs a module.</summary>
    public string? EntryFile => Words[0] == "-m" ? null : Words[0];

    /// <summary>The template to use: the operator's, or the default plus the anon key when one is configured; <c>--debug</c> appended when asked.</summary>
    public static LaunchTemplate Create(string? operatorTemplate, bool withAnonKey, bool debug)
    {
        var text = operatorTemplate ?? (withAnonKey ? Default + " --supabase-anon-key ${SUPABASE_ANON_KEY}" : Default);
        var words = text.Split((char[])[' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries).ToList();
        if (debug && !words.Contains("--debug"))
        {
            words.Add("--debug");
        }
        return new LaunchTemplate(words);
    }

    /// <summary>Problems with an operator's template, for start-up validation.</summary>
    public static IReadOnlyList<string> Validate(string template)
    {
        var problems = new List<string>();
        var words = template.Split((char[])[' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0 || (words[0] == "-m" && words.Length < 2) || (words[0] != "-m" && words[0].StartsWith('-')))
        {
            problems.Add("must start with the entry script (for example worker.py) or '-m module'");
        }
        if (words.Length > 0 && words[0] != "-m" && (words[0].StartsWith('/') || words[0].Contains("..", StringComparison.Ordinal)))
        {
            problems.Add("the entry script must be a path inside the checkout");
        }
        if (template.Contains('$', StringComparison.Ordinal) && DollarWithoutBraces().IsMatch(template))
        {
            problems.Add("refer to variables as ${NAME}; they are expanded in the worker's process, not by a shell");
        }
        return problems;
    }

    [GeneratedRegex(@"\$(?!\{[A-Za-z_][A-Za-z0-9_]*\})")]
    private static partial Regex DollarWithoutBraces();
}
