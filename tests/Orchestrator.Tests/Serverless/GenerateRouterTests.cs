using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace Orchestrator.Tests.Serverless;

public sealed class GenerateRouterTests
{
    private static async Task<(ServerlessCli Cli, string Payload)> StartAsync(bool withPod)
    {
        var cli = await ServerlessCli.StartAsync();
        cli.Settings["RUNPOD_SERVER_100_ID"] = "ep-wizard";
        if (withPod)
        {
            cli.Settings["SB_SPOT_URL"] = cli.Fake.PodUrl;
            cli.Settings["SB_SPOT_API_KEY"] = FakeRunPod.PodKey;
        }
        var payload = Path.Combine(cli.Folder, "p.json");
        await File.WriteAllTextAsync(payload, """{"prompt": "a poster", "steps": 4}""");
        return (cli, payload);
    }

    [Fact]
    public async Task Pod_that_is_not_ready_falls_back_to_the_serverless_endpoint_of_the_mode()
    {
        var (cli, payload) = await StartAsync(withPod: true);
        await using var _ = cli;
        cli.Fake.PodReadyStatus = 503;
        cli.Fake.NextJobs.Enqueue(new FakeJob("sync-r", FakeJob.State("IN_PROGRESS"), FakeJob.State("COMPLETED", OutputShapes.Build("nested-job-results", cli.Fake).Output)));

        var (code, stdout, stderr) = await cli.RunAsync("generate", "--payload", payload, "--mode", "wizard", "--output", cli.Output);

        Assert.True(code == 0, stderr);
        var result = JsonNode.Parse(stdout)!;
        Assert.Equal("serverless", (string?)result["route"]);
        Assert.Equal("COMPLETED", (string?)result["status"]);
        Assert.Equal("ep-wizard", (string?)result["endpoint_id"]);
        Assert.Contains("not ready", (string?)result["pod_fallback_reason"], StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty((string?)result["request_id"]));
        Assert.NotNull(result["durations_ms"]!["pod"]);
        Assert.NotNull(result["durations_ms"]!["serverless"]);
        Assert.DoesNotContain("/pod/generate", cli.Fake.Paths("POST"));
        Assert.Contains(cli.Fake.Paths("POST"), p => p.StartsWith("/v2/ep-wizard/runsync?wait=", StringComparison.Ordinal));
        Assert.Equal(2, cli.SavedFiles().Length);
        var sent = JsonNode.Parse(cli.Fake.Requests.Single(r => r.Path.Contains("runsync", StringComparison.Ordinal)).Body)!;
        Assert.Equal("a poster", (string?)sent["input"]!["prompt"]);
    }

    [Fact]
    public async Task Pod_that_fails_falls_back_and_a_ready_pod_serves_without_serverless()
    {
        var (cli, payload) = await StartAsync(withPod: true);
        await using var _ = cli;
        cli.Fake.PodGenerate = _ => Results.StatusCode(500);
        var (code, stdout, stderr) = await cli.RunAsync("generate", "--payload", payload, "--mode", "wizard");
        Assert.True(code == 0, stderr);
        Assert.Equal("serverless", (string?)JsonNode.Parse(stdout)!["route"]);
        Assert.Contains("HTTP 500", (string?)JsonNode.Parse(stdout)!["pod_fallback_reason"], StringComparison.Ordinal);

        cli.Fake.Requests.Clear();
        cli.Fake.PodGenerate = body => Results.Json(new { job_results = new { images = new[] { "data:image/png;base64," + Convert.ToBase64String(TinyPng.Create(2, 2)) } }, echo = body["prompt"]!.ToString() });
        (code, stdout, stderr) = await cli.RunAsync("generate", "--payload", payload, "--mode", "wizard", "--output", cli.Output);
        Assert.True(code == 0, stderr);
        var result = JsonNode.Parse(stdout)!;
        Assert.Equal("pod", (string?)result["route"]);
        Assert.Equal("COMPLETED", (string?)result["status"]);
        Assert.Equal("a poster", (string?)result["output"]!["echo"]);
        Assert.Null(result["pod_fallback_reason"]);
        Assert.DoesNotContain(cli.Fake.Requests, r => r.Path.StartsWith("/v2/", StringComparison.Ordinal));
        Assert.All(cli.Fake.Requests, r => Assert.Equal("Bearer " + FakeRunPod.PodKey, r.Authorization));
        Assert.Single(cli.SavedFiles());
    }

    [Fact]
    public async Task Without_a_pod_the_serverless_route_is_taken_and_a_stuck_job_is_cancelled()
    {
        var (cli, payload) = await StartAsync(withPod: false);
        await using var _ = cli;
        cli.Settings["MAX_POLLING_DURATION"] = "0.2";
        cli.Fake.NextJobs.Enqueue(new FakeJob("sync-stuck", FakeJob.State("IN_QUEUE")));

        var (code, stdout, _) = await cli.RunAsync("generate", "--payload", payload);

        Assert.Equal(1, code);
        var result = JsonNode.Parse(stdout)!;
        Assert.Equal("serverless", (string?)result["route"]);
        Assert.Equal("ep-default", (string?)result["endpoint_id"]);
        Assert.Equal("CANCELLED_BY_CLIENT", (string?)result["status"]);
        Assert.Equal(["sync-stuck"], cli.Fake.CancelledIds);
    }

    [Fact]
    public async Task Generate_rejects_an_unknown_mode_and_a_missing_payload()
    {
        await using var cli = await ServerlessCli.StartAsync();
        var (code, _, stderr) = await cli.RunAsync("generate", "--mode", "turbo");
        Assert.Equal(2, code);
        Assert.Contains("--mode: ", stderr, StringComparison.Ordinal);
        Assert.Contains("'turbo'", stderr, StringComparison.Ordinal);
        (code, _, stderr) = await cli.RunAsync("generate");
        Assert.Equal(2, code);
        Assert.Contains("--payload: required", stderr, StringComparison.Ordinal);
    }
}
