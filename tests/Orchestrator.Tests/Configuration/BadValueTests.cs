using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Orchestrator.Cli;
using Orchestrator.Tests.Observability;
using Xunit;

namespace Orchestrator.Tests.Settings;

/// <summary>
/// No value of any variable crashes: every variable of deploy/orchestrator.env.example, set to each hostile
/// value, gives <c>check</c> an exit code (2 for bad configuration) and never an unhandled exception; a
/// duration past what TimeSpan holds is named with its variable and value (it used to throw OverflowException).
/// </summary>
public sealed partial class BadValueTests
{
    private static readonly string[] Hostile = ["99999999999999999999", "1e400", "-1", "NaN", "0x10", " ", "abc", "-0", "1,5", "∞"];

    [Fact]
    public async Task Every_variable_with_every_hostile_value_exits_without_a_crash()
    {
        var variables = Variables();
        Assert.True(variables.Count > 80, $"only {variables.Count} variables found");
        var tried = 0;
        foreach (var variable in variables)
        {
            foreach (var value in Hostile)
            {
                var error = new StringWriter();
                var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [variable] = value }).Build();
                var exit = await CommandRunner.RunAsync(["check"], new StringWriter(), error, configuration);
                Assert.True(exit is ExitCodes.BadInput or ExitCodes.Failed, $"{variable}={value}: exit {exit}\n{error}");
                Assert.DoesNotContain("Exception", error.ToString(), StringComparison.Ordinal);
                tried++;
            }
        }
        Assert.Equal(variables.Count * Hostile.Length, tried);
    }

    [Fact]
    public async Task A_huge_duration_is_named_with_its_variable_and_value()
    {
        foreach (var variable in Variables().Where(v => v.EndsWith("_SEC", StringComparison.Ordinal) || v.EndsWith("_MINUTES", StringComparison.Ordinal)))
        {
            var error = new StringWriter();
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [variable] = "99999999999999999999" }).Build();
            var exit = await CommandRunner.RunAsync(["check"], new StringWriter(), error, configuration);
            Assert.Equal(ExitCodes.BadInput, exit);
            Assert.Contains($"{variable}: '99999999999999999999'", error.ToString(), StringComparison.Ordinal);
        }
    }

    private static List<string> Variables() =>
        [.. NameLine().Matches(RepoFiles.Read("deploy/orchestrator.env.example")).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal)];

    [GeneratedRegex(@"^#?\s?([A-Z][A-Z0-9_]{3,})=", RegexOptions.Multiline)]
    private static partial Regex NameLine();
}
