using System.Globalization;

namespace Orchestrator.Simulation;

/// <summary>
/// Reads a demand trace: one task a line, <c>arrival_offset_seconds,duration_seconds[,task_type[,user_id]]</c> (a user's tasks
/// run at most <see cref="InMemoryFleetStore.PerUserLimit"/> at once).
/// A header line naming the columns, blank lines and lines starting with <c>#</c> are skipped.
/// Any other bad line throws <see cref="TraceFormatException"/> naming the file, line and value.
/// </summary>
public static class TraceCsv
{
    public static Scenario Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new TraceFormatException($"{path}: file not found");
        }
        var name = Path.GetFileNameWithoutExtension(path);
        return new Scenario(name, $"trace {Path.GetFileName(path)}", Parse(File.ReadLines(path), Path.GetFileName(path)));
    }

    public static List<TaskArrival> Parse(IEnumerable<string> lines, string source)
    {
        var result = new List<TaskArrival>();
        var number = 0;
        foreach (var raw in lines)
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#') || (number == 1 && line.StartsWith("arrival", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }
            result.Add(ParseLine(line, $"{source} line {number}"));
        }
        if (result.Count == 0)
        {
            throw new TraceFormatException($"{source}: no tasks (expected lines of arrival_offset_seconds,duration_seconds[,task_type[,user_id]])");
        }
        return result;
    }

    private static TaskArrival ParseLine(string line, string where)
    {
        var fields = line.Split(',');
        if (fields.Length is < 2 or > 4)
        {
            throw new TraceFormatException($"{where}: expected 2 to 4 comma-separated fields (arrival_offset_seconds,duration_seconds[,task_type[,user_id]]), got {fields.Length}: '{line}'");
        }
        var offset = Seconds(fields[0], "arrival_offset_seconds", where, allowZero: true);
        var duration = Seconds(fields[1], "duration_seconds", where, allowZero: false);
        var type = fields.Length >= 3 ? fields[2].Trim() : "";
        var user = fields.Length == 4 ? fields[3].Trim() : "";
        return new TaskArrival(offset, duration, type.Length == 0 ? "wan_2_2_i2v" : type, user.Length == 0 ? null : user);
    }

    private static TimeSpan Seconds(string field, string column, string where, bool allowZero)
    {
        var text = field.Trim();
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || double.IsNaN(value) || double.IsInfinity(value)
            || value < 0 || (!allowZero && value == 0) || value > TimeSpan.FromDays(365).TotalSeconds)
        {
            throw new TraceFormatException($"{where}: {column} '{text}' is not a number of seconds {(allowZero ? "≥ 0" : "> 0")}");
        }
        return TimeSpan.FromSeconds(value);
    }
}
