using Microsoft.Extensions.Configuration;
using Orchestrator.Cli;
using Xunit;

namespace Orchestrator.Tests.RunPod;

/// <summary>The operator commands end to end against the fake (GraphQL, and gpu-types over REST v2).</summary>
public sealed class RunPodCommandTests
{
    private static IConfiguration Config(FakeRunPodServer server, string key) => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["RUNPOD_API_KEY"] = key,
        ["RUNPOD_API_BASE_URL"] = server.GraphQlUrl.ToString(),
        ["RUNPOD_REST_BASE_URL"] = server.RestUrl.ToString(),
    }).Build();

    [Fact]
    public async Task Pods_list_shows_ours_and_terminate_polls_until_gone()
    {
        await using var server = await FakeRunPodServer.StartAsync();
        var ours = server.State.AddPod("gpu-20260104_160000-aaaaaaaa");
        server.State.AddPod("someone-else");
        var config = Config(server, server.State.ApiKey);

        var (code, output, _) = await RunAsync(config, "pods", "list");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains(ours.Id, output, StringComparison.Ordinal);
        Assert.DoesNotContain("someone-else", output, StringComparison.Ordinal);
        Assert.Contains("0.690 $/h", output, StringComparison.Ordinal);

        (code, output, _) = await RunAsync(config, "pods", "terminate", ours.Name, "--timeout", "30");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("is gone", output, StringComparison.Ordinal);
        Assert.DoesNotContain(server.State.LivePods, p => p.Id == ours.Id);
    }

    [Fact]
    public async Task Gpu_types_lists_price_and_stock_and_a_missing_key_exits_2()
    {
        await using var server = await FakeRunPodServer.StartAsync();

        var (code, output, _) = await RunAsync(Config(server, server.State.ApiKey), "gpu-types");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("NVIDIA L40S", output, StringComparison.Ordinal);
        Assert.Contains("0.860", output, StringComparison.Ordinal);
        Assert.Contains("Medium", output, StringComparison.Ordinal);

        var noKey = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["RUNPOD_API_BASE_URL"] = server.GraphQlUrl.ToString() }).Build();
        (code, _, var error) = await RunAsync(noKey, "gpu-types");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("RUNPOD_API_KEY", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gpu_types_over_rest_v2_reads_the_catalog()
    {
        await using var server = await FakeRunPodServer.StartAsync();
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["RUNPOD_API_KEY"] = server.State.ApiKey,
            ["RUNPOD_API"] = "rest",
            ["RUNPOD_REST_BASE_URL"] = server.RestUrl.ToString(),
        }).Build();

        var (code, output, _) = await RunAsync(config, "gpu-types");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("NVIDIA L40S", output, StringComparison.Ordinal);
        Assert.Contains("0.860", output, StringComparison.Ordinal);
        Assert.Contains("Medium", output, StringComparison.Ordinal);
        Assert.Contains(server.State.Requests, r => r.PathAndQuery.StartsWith("/v2/catalog/gpus?", StringComparison.Ordinal));
    }

    private static async Task<(int Code, string Out, string Error)> RunAsync(IConfiguration config, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CommandRunner.RunAsync(args, output, error, config);
        return (code, output.ToString(), error.ToString());
    }
}
