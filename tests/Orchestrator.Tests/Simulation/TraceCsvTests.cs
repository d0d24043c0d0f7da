using Orchestrator.Cli;
using Orchestrator.Simulation;
using Xunit;

namespace Orchestrator.Tests.Simulation;

public sealed class TraceCsvTests
{
    [Fact]
    public void Reads_header_comments_blank_lines_and_optional_type()
    {
        var arrivals = TraceCsv.Parse(["arrival_offset_seconds,duration_seconds,task_type", "# warm-up", "0,120", "", "30.5, 600 ,travel_orchestrator"], "t.csv");

        Assert.Equal(2, arrivals.Count);
        Assert.Equal(TimeSpan.FromSeconds(120), arrivals[0].Duration);
        Assert.Equal(TimeSpan.FromSeconds(30.5), arrivals[1].Offset);
        Assert.Equal("travel_orchestrator", arrivals[1].TaskType);
    }

    [Theory]
    [InlineData("10,abc", "line 3: duration_seconds 'abc'")]
    [InlineData("-5,60", "line 3: arrival_offset_seconds '-5'")]
    [InlineData("10,0", "line 3: duration_seconds '0'")]
    [InlineData("10", "line 3: expected 2 to 4 comma-separated fields")]
    [InlineData("1,2,3,4,5", "line 3: expected 2 to 4 comma-separated fields")]
    public void A_bad_line_is_named(string bad, string expected)
    {
        var error = Assert.Throws<TraceFormatException>(() => TraceCsv.Parse(["0,60", "5,60", bad, "20,60"], "trace.csv"));

        Assert.Contains($"trace.csv {expected}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_trace_is_refused() =>
        Assert.Throws<TraceFormatException>(() => TraceCsv.Parse(["arrival_offset_seconds,duration_seconds"], "empty.csv"));

    [Fact]
    public async Task Simulate_with_a_bad_trace_exits_2_naming_the_line()
    {
        var path = Path.Combine(Path.GetTempPath(), $"trace-{Guid.NewGuid():N}.csv");
        await File.WriteAllLinesAsync(path, ["0,60", "10,sixty"]);
        try
        {
            var (code, _, error) = await SimulateCommandTests.RunAsync("simulate", "--trace", path);

            Assert.Equal(ExitCodes.BadInput, code);
            Assert.Contains("line 2: duration_seconds 'sixty'", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Simulate_replays_a_good_trace()
    {
        var path = Path.Combine(Path.GetTempPath(), $"trace-{Guid.NewGuid():N}.csv");
        await File.WriteAllLinesAsync(path, Enumerable.Range(0, 20).Select(i => $"{i * 60},{120 + i}"));
        try
        {
            var (code, output, _) = await SimulateCommandTests.RunAsync("simulate", "--trace", path, "--json");

            Assert.Equal(ExitCodes.Ok, code);
            var policy = System.Text.Json.JsonDocument.Parse(output).RootElement.GetProperty("scenarios")[0].GetProperty("policy");
            Assert.Equal(20, policy.GetProperty("tasks_done").GetInt32());
            Assert.Equal(20, policy.GetProperty("tasks_total").GetInt32());
        }
        finally
        {
            File.Delete(path);
        }
    }
}
