using System.Text.Json;
using System.Xml.Linq;
using Orchestrator.Cli;
using Xunit;

namespace Orchestrator.Tests.Simulation;

/// <summary>What a person looks at: progress on stderr, the JSON time series, the SVG chart.</summary>
public sealed class ReportOutputTests
{
    [Fact]
    public async Task Json_has_a_time_series_per_policy_per_simulated_minute()
    {
        var (code, output, _) = await SimulateCommandTests.RunAsync("simulate", "--scenario", "steady", "--hours", "2", "--json");

        Assert.Equal(ExitCodes.Ok, code);
        var scenario = JsonDocument.Parse(output).RootElement.GetProperty("scenarios")[0];
        Assert.Equal("bound", scenario.GetProperty("bound").GetProperty("policy").GetString());
        foreach (var policy in new[] { "default", "legacy", "bound" })
        {
            var series = scenario.GetProperty("series").GetProperty(policy);
            var minutes = series.GetProperty("minute").GetArrayLength();
            Assert.True(minutes >= 120, $"{policy}: {minutes} samples for 2 h and the drain");
            foreach (var figure in new[] { "queued", "running", "pods_booting", "pods_idle", "pods_busy", "cost_usd" })
            {
                Assert.Equal(minutes, series.GetProperty(figure).GetArrayLength());
            }
        }
    }

    [Fact]
    public async Task Progress_goes_to_stderr_as_plain_lines_with_the_replay_time_per_1000_tasks()
    {
        var (code, output, error) = await SimulateCommandTests.RunAsync("simulate", "--scenario", "steady", "--hours", "1");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("simulate: steady/default 25 % of simulated time", error, StringComparison.Ordinal);
        Assert.Contains("simulate: steady/bound done (3/3)", error, StringComparison.Ordinal);
        Assert.Contains("s per 1,000 tasks", error, StringComparison.Ordinal);
        Assert.Contains("replay time per policy", error, StringComparison.Ordinal);
        Assert.DoesNotContain('\r', error);
        Assert.DoesNotContain("simulate:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Svg_is_a_self_contained_chart_of_queue_pods_and_cost_per_policy()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sim-{Guid.NewGuid():N}.svg");
        try
        {
            var (code, _, _) = await SimulateCommandTests.RunAsync("simulate", "--scenario", "bursty-day", "--hours", "2", "--svg", path);

            Assert.Equal(ExitCodes.Ok, code);
            var svg = XDocument.Load(path);
            XNamespace ns = "http://www.w3.org/2000/svg";
            Assert.Equal(ns + "svg", svg.Root!.Name);
            Assert.Equal(9, svg.Descendants(ns + "polyline").Count()); // 3 panels x 3 policies
            var text = string.Join(" ", svg.Descendants(ns + "text").Select(t => t.Value));
            foreach (var label in new[] { "queued tasks", "live pods", "cost so far ($)", "default", "legacy", "bound", "bursty-day" })
            {
                Assert.Contains(label, text, StringComparison.Ordinal);
            }
            Assert.DoesNotContain("href", File.ReadAllText(path), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
