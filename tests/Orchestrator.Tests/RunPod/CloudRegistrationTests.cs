using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orchestrator.Configuration;
using Orchestrator.Core.Ports;
using Orchestrator.Hosting;
using Orchestrator.RunPod;
using Xunit;

namespace Orchestrator.Tests.RunPod;

/// <summary>The composition root picks the RunPod adapter (GraphQL or REST); there is no in-memory cloud in the service.</summary>
public sealed class CloudRegistrationTests
{
    [Theory]
    [InlineData("graphql", "graphql")]
    [InlineData("rest", "rest")]
    [InlineData(null, "graphql")]
    public void Real_backend_registers_the_chosen_runpod_dialect(string? api, string dialect)
    {
        var settings = new Dictionary<string, string?> { ["RUNPOD_API_KEY"] = "rp_key_123456", ["RUNPOD_API"] = api };
        using var provider = Build(settings, out var problems);

        Assert.Empty(problems);
        var cloud = Assert.IsType<RunPodGpuCloud>(provider.GetRequiredService<IGpuCloud>());
        Assert.Equal(dialect, cloud.Api.Dialect);
    }

    [Fact]
    public void Without_a_key_the_cloud_is_a_problem_naming_the_variable()
    {
        using var provider = Build(new Dictionary<string, string?>(), out var problems);

        var problem = Assert.Single(problems);
        Assert.StartsWith("RUNPOD_API_KEY: not set", problem, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings, out IReadOnlyList<string> problems)
    {
        var reader = new SettingsReader(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        var config = OrchestratorConfig.Load(reader);
        var services = new ServiceCollection().AddSingleton(TimeProvider.System).AddLogging();
        services.AddGpuCloud(config, reader);
        problems = reader.Problems;
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }
}
