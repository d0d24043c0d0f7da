using System.Text;

namespace Orchestrator.Postgres;

/// <summary>
/// Splits a migration file into statements at top-level semicolons, skipping quoted text ('...', "..."),
/// dollar-quoted bodies ($tag$...$tag$) and comments. Needed for the no-transaction migrations: Npgsql sends
/// a multi-statement command as one batch, which PostgreSQL runs as one implicit transaction. Written here
/// because no well-kept .NET library splits PostgreSQL scripts; the migrations it serves are our own files.
/// </summary>
public static class SqlStatements
{
    private static readonly System.Buffers.SearchValues<char> TagCharacters = System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");

    public static IReadOnlyList<string> Split(string sql)
    {
        var statements = new List<string>();
        var current = new StringBuilder();
        var hasCode = false;
        var i = 0;
        while (i < sql.Length)
        {
            var skip = Skippable(sql, i);
            if (skip > 0)
            {
                var comment = sql[i] == '-' || (sql[i] == '/' && i + 1 < sql.Length && sql[i + 1] == '*');
                hasCode |= !comment;
                current.Append(sql, i, skip);
                i += skip;
                continue;
            }
            if (sql[i] == ';')
            {
                Flush(statements, current, hasCode);
                hasCode = false;
                i++;
                continue;
            }
            hasCode |= !char.IsWhiteSpace(sql[i]);
            current.Append(sql[i++]);
        }
        Flush(statements, current, hasCode);
        return statements;
    }

    /// <summary>The length of the comment, quoted text or dollar-quoted body starting at <paramref name="i"/>; 0 for none.</summary>
    private static int Skippable(string sql, int i)
    {
        var rest = sql.AsSpan(i);
        if (rest.StartsWith("--"))
        {
            var end = rest.IndexOf('\n');
            return end < 0 ? rest.Length : end + 1;
        }
        if (rest.StartsWith("/*"))
        {
            var end = rest[2..].IndexOf("*/");
            return end < 0 ? rest.Length : end + 4;
        }
        if (rest[0] is '\'' or '"')
        {
            var end = rest[1..].IndexOf(rest[0]);
            return end < 0 ? rest.Length : end + 2; // a doubled quote is two quoted runs back to back
        }
        if (rest[0] == '$' && DollarTag(rest) is { } tag)
        {
            var end = rest[tag.Length..].IndexOf(tag);
            return end < 0 ? rest.Length : end + 2 * tag.Length;
        }
        return 0;
    }

    /// <summary><c>$$</c> or <c>$name$</c> at the start of <paramref name="text"/>; null for a parameter like <c>$1</c>.</summary>
    private static string? DollarTag(ReadOnlySpan<char> text)
    {
        var close = text[1..].IndexOf('$');
        if (close < 0)
        {
            return null;
        }
        var name = text.Slice(1, close);
        if (name.Length > 0 && (char.IsAsciiDigit(name[0]) || name.ContainsAnyExcept(TagCharacters)))
        {
            return null;
        }
        return text[..(close + 2)].ToString();
    }

    private static void Flush(List<string> statements, StringBuilder current, bool hasCode)
    {
        if (hasCode)
        {
            statements.Add(current.ToString().Trim());
        }
        current.Clear();
    }
}
