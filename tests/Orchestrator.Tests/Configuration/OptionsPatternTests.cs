using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orchestrator.Configuration;
using Orchestrator.Core.Options;
using Orchestrator.Hosting;
using Xunit;

namespace Orchestrator.Tests.Settings;

/// <summary>One set of defaults (the options classes), the Options pattern in the container, validators that report every failure.</summary>
public sealed class OptionsPatternTests
{
    [Fact]
    public void With_nothing_set_every_group_equals_its_options_class_defaults()
    {
        var config = OrchestratorConfig.Load(new SettingsReader(new ConfigurationBuilder().Build()));
        Assert.Equal(Json(new ScalingOptions()), Json(config.Scaling));
        Assert.Equal(Json(new HealthOptions()), Json(config.Health));
        Assert.Equal(Json(new BreakerOptions()), Json(config.Breaker));
        // The one exception, by design: the class default (0, for virtual clocks) and the service's (120 s) differ,
        // and the service's is a named constant on the class, not a second literal.
        Assert.Equal(CycleOptions.ServicePodReadyWait, config.Cycle.PodReadyWait);
        config.Cycle.PodReadyWait = new CycleOptions().PodReadyWait;
        Assert.Equal(Json(new CycleOptions()), Json(config.Cycle));
        Assert.Equal(Json(new DemandOptions()), Json(config.Demand));
    }

    [Fact]
    public void The_container_serves_the_read_values_through_IOptions()
    {
        var reader = new SettingsReader(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["MAX_ACTIVE_GPUS"] = "7" }).Build());
        var config = OrchestratorConfig.Load(reader);
        using var provider = new ServiceCollection().AddOrchestratorOptions(config).BuildServiceProvider();
        Assert.Equal(7, provider.GetRequiredService<IOptions<ScalingOptions>>().Value.MaxActive);
        Assert.Same(provider.GetRequiredService<IOptions<ScalingOptions>>().Value, provider.GetRequiredService<ScalingOptions>());
    }

    [Fact]
    public void The_validator_reports_every_failure_and_the_container_refuses_the_values()
    {
        var config = OrchestratorConfig.Load(new SettingsReader(new ConfigurationBuilder().Build()));
        config.Scaling.MinActive = 12;
        config.Scaling.WarmBuffer = 11;
        using var provider = new ServiceCollection().AddOrchestratorOptions(config).BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ScalingOptions>>().Value);
        Assert.Equal(2, error.Failures.Count());
        Assert.Contains(error.Failures, f => f.StartsWith("MIN_ACTIVE_GPUS: 12", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("MACHINES_TO_KEEP_IDLE: 11", StringComparison.Ordinal));
    }

    [Fact]
    public void The_reader_lists_every_problem_at_once()
    {
        var reader = new SettingsReader(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MIN_ACTIVE_GPUS"] = "20", ["MACHINES_TO_KEEP_IDLE"] = "30", ["HEARTBEAT_TIMEOUT_SEC"] = "abc", ["DEMAND_MODE"] = "sometimes",
        }).Build());
        OrchestratorConfig.Load(reader);
        Assert.Equal(4, reader.Problems.Count);
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);
}
