namespace Orchestrator.Bootstrap;

/// <summary>POSIX shell single quoting: the result is one word, never expanded.</summary>
public static class ShellQuote
{
    public static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
