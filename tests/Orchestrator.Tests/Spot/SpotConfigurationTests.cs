using Microsoft.Extensions.Configuration;
using Orchestrator.Cli;
using Orchestrator.Configuration;
using Orchestrator.Core.Options;
using Xunit;

namespace Orchestrator.Tests.Spot;

/// <summary>RUNPOD_SPOT and its companions: parsed as documented; every bad value named with its value, exit 2 before anything acts.</summary>
public sealed class SpotConfigurationTests
{
    private static IConfiguration Settings(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();

    [Theory]
    [InlineData(null, SpotMode.Off)]
    [InlineData("false", SpotMode.Off)]
    [InlineData("true", SpotMode.Always)]
    [InlineData("TRUE", SpotMode.Always)]
    [InlineData("mixed", SpotMode.Mixed)]
    public void Runpod_spot_reads_false_true_or_mixed(string? value, SpotMode expected)
    {
        var reader = new SettingsReader(value is null ? Settings() : Settings(("RUNPOD_SPOT", value), ("RUNPOD_SPOT_FALLBACK_SEC", "120")));

        var config = OrchestratorConfig.Load(reader);

        Assert.Empty(reader.Problems);
        Assert.Equal(expected, config.Spot.Mode);
        Assert.Equal(value is null ? TimeSpan.FromMinutes(15) : TimeSpan.FromMinutes(2), config.Spot.FallbackFor);
        Assert.Equal(3, config.Spot.MaxInterruptionsPerHour);
    }

    [Theory]
    [InlineData("RUNPOD_SPOT=sometimes", "RUNPOD_SPOT: 'sometimes' is not false, true or mixed")]
    [InlineData("RUNPOD_SPOT=mixed", "RUNPOD_BID_PER_GPU: '(unset)' must be a price > 0 when RUNPOD_SPOT is true or mixed")]
    [InlineData("RUNPOD_SPOT=true;RUNPOD_BID_PER_GPU=0", "RUNPOD_BID_PER_GPU: '0' must be a price > 0")]
    [InlineData("RUNPOD_SPOT=mixed;RUNPOD_BID_PER_GPU=0.4;RUNPOD_API=rest", "RUNPOD_SPOT: 'mixed' is not available with RUNPOD_API=rest")]
    [InlineData("RUNPOD_SPOT=mixed;RUNPOD_BID_PER_GPU=0.4;RUNPOD_SPOT_MAX_INTERRUPTIONS_PER_HOUR=0", "RUNPOD_SPOT_MAX_INTERRUPTIONS_PER_HOUR: 0 is outside [1, 10000]")]
    [InlineData("RUNPOD_SPOT=mixed;RUNPOD_BID_PER_GPU=0.4;RUNPOD_SPOT_FALLBACK_SEC=soon", "RUNPOD_SPOT_FALLBACK_SEC: 'soon'")]
    public async Task A_bad_spot_setting_is_named_with_its_value_and_exits_2(string settings, string expected)
    {
        var pairs = settings.Split(';').Select(s => s.Split('=', 2)).Select(kv => (kv[0], kv[1])).Append(("RUNPOD_API_KEY", "rp_key_abcdef")).ToArray();
        var error = new StringWriter();

        var exit = await CommandRunner.RunAsync(["check"], new StringWriter(), error, Settings(pairs));

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains(expected, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("rp_key_abcdef", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_help_lists_the_spot_variables()
    {
        var output = new StringWriter();

        await CommandRunner.RunAsync(["run", "--help"], output, new StringWriter(), Settings());

        foreach (var name in new[] { "RUNPOD_SPOT", "RUNPOD_BID_PER_GPU", "RUNPOD_SPOT_MAX_INTERRUPTIONS_PER_HOUR", "RUNPOD_SPOT_FALLBACK_SEC" })
        {
            Assert.Contains(name, output.ToString(), StringComparison.Ordinal);
        }
    }
}
