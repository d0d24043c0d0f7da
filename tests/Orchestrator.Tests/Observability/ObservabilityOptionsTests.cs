using System.Net;
using Microsoft.Extensions.Configuration;
using Orchestrator.Configuration;
using Orchestrator.Observability;
using Xunit;

namespace Orchestrator.Tests.Observability;

public sealed class ObservabilityOptionsTests
{
    private static (ObservabilityOptions Options, IReadOnlyList<string> Problems) Read(int pollSeconds, params (string Key, string Value)[] values)
    {
        var reader = new SettingsReader(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build());
        return (ObservabilityOptions.Read(reader, TimeSpan.FromSeconds(pollSeconds)), reader.Problems);
    }

    [Fact]
    public void Off_by_default_with_a_wildcard_bind_and_a_90s_floor()
    {
        var (o, problems) = Read(30);
        Assert.Empty(problems);
        Assert.False(o.Enabled);
        Assert.Equal(IPAddress.Any, o.BindAddress);
        Assert.Equal(TimeSpan.FromSeconds(90), o.MaxCycleAge);
        Assert.Equal(TimeSpan.Zero, o.StartupGrace);
    }

    [Theory]
    [InlineData(10, 90)]
    [InlineData(30, 90)]
    [InlineData(60, 180)]
    public void Default_max_cycle_age_is_three_polls_at_least_90s(int poll, int expected) =>
        Assert.Equal(TimeSpan.FromSeconds(expected), Read(poll).Options.MaxCycleAge);

    [Theory]
    [InlineData(10, null, 20)]
    [InlineData(30, null, 60)]
    [InlineData(30, "45", 45)]
    public void Unreadable_limit_defaults_to_two_polls(int poll, string? setting, int expected)
    {
        var (o, problems) = setting is null ? Read(poll) : Read(poll, ("HEALTH_UNREADABLE_AFTER_SEC", setting));
        Assert.Empty(problems);
        Assert.Equal(TimeSpan.FromSeconds(expected), o.UnreadableAfter);
    }

    [Fact]
    public void Good_settings_are_read_by_env_name_and_dotnet_path()
    {
        var (o, problems) = Read(30, ("HEALTH_PORT", "8080"), ("HEALTH_BIND_ADDRESS", "::1"), ("HEALTH_MAX_CYCLE_AGE_SEC", "45"), ("Orchestrator:Observability:StartupGraceSec", "120"));
        Assert.Empty(problems);
        Assert.Equal(8080, o.HealthPort);
        Assert.Equal(IPAddress.IPv6Loopback, o.BindAddress);
        Assert.Equal(TimeSpan.FromSeconds(45), o.MaxCycleAge);
        Assert.Equal(TimeSpan.FromMinutes(2), o.StartupGrace);
    }

    [Fact]
    public void Every_bad_setting_is_a_problem_naming_variable_and_value()
    {
        var (_, problems) = Read(30, ("HEALTH_PORT", "http"), ("HEALTH_BIND_ADDRESS", "everywhere"), ("HEALTH_MAX_CYCLE_AGE_SEC", "0"), ("HEALTH_STARTUP_GRACE_SEC", "-5"), ("HEALTH_UNREADABLE_AFTER_SEC", "0"));
        Assert.Equal(5, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("HEALTH_UNREADABLE_AFTER_SEC: '0'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("HEALTH_PORT: 'http'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("HEALTH_BIND_ADDRESS: 'everywhere'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("HEALTH_MAX_CYCLE_AGE_SEC: '0'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("HEALTH_STARTUP_GRACE_SEC: '-5'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("70000")]
    [InlineData("-1")]
    public void Ports_outside_the_tcp_range_are_problems(string port) =>
        Assert.Contains(Read(30, ("HEALTH_PORT", port)).Problems, p => p.Contains("HEALTH_PORT", StringComparison.Ordinal) && p.Contains(port, StringComparison.Ordinal));

    [Fact]
    public async Task A_bad_health_setting_stops_start_up_with_exit_2()
    {
        var run = await CliRun.RunAsync(["once"], ("HEALTH_PORT", "99999"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("HEALTH_PORT: 99999", run.Error, StringComparison.Ordinal);
    }
}
