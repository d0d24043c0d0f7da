namespace Orchestrator.Tests.Observability;

/// <summary>
/// Reads the block-style YAML subset a compose file uses (maps, lists, scalars; flow lists kept as
/// text) into dictionaries and lists, so the compose file can be checked with nothing installed.
/// Throws on a duplicate key or an indentation it cannot place.
/// </summary>
internal static class MiniYaml
{
    public static object Parse(string text)
    {
        var lines = text.Split('\n')
            .Select(l => l.TrimEnd('\r', ' '))
            .Where(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#'))
            .Select(l => (Indent: l.Length - l.TrimStart().Length, Text: l.Trim()))
            .ToList();
        var index = 0;
        var root = Block(lines, ref index, 0);
        return index == lines.Count ? root : throw new FormatException($"unplaced line: {lines[index].Text}");
    }

    public static Dictionary<string, object> Map(object node, string key) =>
        (Dictionary<string, object>)((Dictionary<string, object>)node)[key];

    public static List<object> List(object node, string key) => (List<object>)((Dictionary<string, object>)node)[key];

    public static string Scalar(object node, string key) => (string)((Dictionary<string, object>)node)[key];

    private static object Block(List<(int Indent, string Text)> lines, ref int index, int indent)
    {
        if (lines[index].Text.StartsWith("- ", StringComparison.Ordinal))
        {
            var list = new List<object>();
            while (index < lines.Count && lines[index].Indent == indent && lines[index].Text.StartsWith("- ", StringComparison.Ordinal))
            {
                list.Add(Unquote(lines[index++].Text[2..].Trim()));
            }
            return list;
        }
        var map = new Dictionary<string, object>(StringComparer.Ordinal);
        while (index < lines.Count && lines[index].Indent == indent)
        {
            var line = lines[index++].Text;
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || (colon + 1 < line.Length && line[colon + 1] != ' '))
            {
                throw new FormatException($"not a key: {line}");
            }
            var key = Unquote(line[..colon]);
            var rest = line[(colon + 1)..].Trim();
            object value = rest.Length > 0 ? Unquote(rest)
                : index < lines.Count && (lines[index].Indent > indent || (lines[index].Indent == indent && lines[index].Text.StartsWith("- ", StringComparison.Ordinal)))
                    ? Block(lines, ref index, lines[index].Indent)
                    : "";
            if (!map.TryAdd(key, value))
            {
                throw new FormatException($"duplicate key: {key}");
            }
        }
        if (index < lines.Count && lines[index].Indent > indent)
        {
            throw new FormatException($"bad indentation: {lines[index].Text}");
        }
        return map;
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && ((value[0] == '"' && value[^1] == '"') || (value[0] == '\'' && value[^1] == '\'')) ? value[1..^1] : value;
}
