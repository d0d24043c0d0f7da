using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Orchestrator.Cli;
using Xunit;

namespace Orchestrator.Tests.Simulation;

public sealed class SimulateCommandTests
{
    [Fact]
    public async Task Json_report_has_both_policies_side_by_side()
    {
        var (code, output, _) = await RunAsync("simulate", "--scenario", "steady", "--hours", "2", "--seed", "5", "--json");

        Assert.Equal(ExitCodes.Ok, code);
        var scenario = JsonDocument.Parse(output).RootElement.GetProperty("scenarios")[0];
        Assert.Equal("steady", scenario.GetProperty("scenario").GetString());
        Assert.Equal("default", scenario.GetProperty("policy").GetProperty("policy").GetString());
        Assert.Equal("legacy", scenario.GetProperty("baseline").GetProperty("policy").GetString());
        Assert.True(scenario.GetProperty("policy").GetProperty("tasks_done").GetInt32() > 0);
    }

    [Theory]
    [InlineData("--scenario", "rainy")]
    [InlineData("--speed", "fast")]
    [InlineData("--hours", "0")]
    [InlineData("--seed", "x")]
    [InlineData("--bogus", "1")]
    public async Task Bad_options_exit_2(string option, string value)
    {
        var (code, _, error) = await RunAsync("simulate", option, value);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains(option, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_scaling_variable_is_reported_like_the_service_does()
    {
        var (code, _, error) = await RunAsync(new Dictionary<string, string?> { ["SCALE_UP_QUEUE_PER_BUSY"] = "lots" }, "simulate", "--hours", "1");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("SCALE_UP_QUEUE_PER_BUSY: 'lots'", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("REPLACE_DEAR_IDLE_AFTER_SEC", "soon")]
    [InlineData("REPLACE_DEAR_IDLE_AFTER_SEC", "-1")]
    [InlineData("REPLACE_DEAR_BACKOFF_SEC", "30")]
    public async Task A_bad_replacement_setting_exits_2_naming_it(string name, string value)
    {
        var (code, _, error) = await RunAsync(new Dictionary<string, string?> { [name] = value }, "simulate", "--hours", "1");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains($"{name}: '{value}'", error, StringComparison.Ordinal);
    }

    internal static Task<(int Code, string Output, string Error)> RunAsync(params string[] args) => RunAsync([], args);

    internal static async Task<(int Code, string Output, string Error)> RunAsync(Dictionary<string, string?> settings, params string[] args)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CommandRunner.RunAsync(args, output, error, configuration);
        return (code, output.ToString(), error.ToString());
    }
}
