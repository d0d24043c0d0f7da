using System.Globalization;
using Orchestrator.Cli;

namespace Orchestrator.Simulation;

/// <summary>The options of <c>simulate</c>, with every problem collected.</summary>
public sealed record SimulateArguments
{
    public string Scenario { get; init; } = "all";
    public string? Trace { get; init; }
    public int Seed { get; init; } = 1;
    /// <summary>Null: as fast as possible.</summary>
    public double? Speed { get; init; }
    public TimeSpan? Length { get; init; }
    public bool Json { get; init; }
    public bool Markdown { get; init; }
    /// <summary>Where to write the SVG chart, or null.</summary>
    public string? Svg { get; init; }
    /// <summary>Each scenario's demand this many times over (<see cref="Scenario.Scaled"/>).</summary>
    public int Scale { get; init; } = 1;
    /// <summary>The <c>--sweep NAME=v1,v2</c> specifications, in order.</summary>
    public IReadOnlyList<string> Sweeps { get; init; } = [];
    /// <summary>Spot interruptions per pod-hour outside droughts [--spot-interruptions-per-hour].</summary>
    public double SpotInterruptionsPerHour { get; init; } = 0.1;
    public IReadOnlyList<string> Problems { get; init; } = [];

    public static readonly string[] WithValues = ["--scenario", "--trace", "--seed", "--speed", "--hours", "--svg", "--scale", "--sweep", "--spot-interruptions-per-hour"];

    public static SimulateArguments Parse(CommandContext context)
    {
        var problems = new List<string>();
        var scenario = context.Option("--scenario") ?? "all";
        if (scenario != "all" && !BuiltInScenarios.Names.Contains(scenario))
        {
            problems.Add($"--scenario: '{scenario}' is not one of all, {string.Join(", ", BuiltInScenarios.Names)}");
        }
        return new SimulateArguments
        {
            Scenario = scenario,
            Trace = context.Option("--trace"),
            Seed = context.Value<int>("--seed"), // a whole number, checked by the parser (default 1)
            Speed = ParseSpeed(context.Option("--speed"), problems),
            Length = ParseHours(context.Option("--hours"), problems),
            Json = context.Flag("--json"),
            Markdown = context.Flag("--markdown"),
            Svg = context.Option("--svg"),
            Scale = ParseScale(context.Option("--scale"), problems),
            Sweeps = context.Values("--sweep"),
            SpotInterruptionsPerHour = ParseRate(context.Option("--spot-interruptions-per-hour"), problems),
            Problems = problems,
        };
    }

    private static int ParseScale(string? value, List<string> problems)
    {
        if (value is null)
        {
            return 1;
        }
        if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var scale) && scale is >= 1 and <= 1000)
        {
            return scale;
        }
        problems.Add($"--scale: '{value}' is not a whole number in [1, 1000]");
        return 1;
    }

    private static double ParseRate(string? value, List<string> problems)
    {
        if (value is null)
        {
            return 0.1;
        }
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) && rate is >= 0 and <= 100)
        {
            return rate;
        }
        problems.Add($"--spot-interruptions-per-hour: '{value}' is not a number of interruptions per spot pod-hour in [0, 100]");
        return 0.1;
    }

    private static double? ParseSpeed(string? value, List<string> problems)
    {
        if (value is null or "max")
        {
            return null;
        }
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var speed) && speed > 0 && !double.IsInfinity(speed))
        {
            return speed;
        }
        problems.Add($"--speed: '{value}' is neither 'max' nor a number > 0 (virtual seconds per real second)");
        return null;
    }

    private static TimeSpan? ParseHours(string? value, List<string> problems)
    {
        if (value is null)
        {
            return null;
        }
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var hours) && hours > 0 && hours <= 24 * 31)
        {
            return TimeSpan.FromHours(hours);
        }
        problems.Add($"--hours: '{value}' is not a number of hours in (0, 744]");
        return null;
    }
}
