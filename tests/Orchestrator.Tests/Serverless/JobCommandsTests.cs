using System.Text.Json.Nodes;
using Xunit;

namespace Orchestrator.Tests.Serverless;

public sealed class JobCommandsTests
{
    [Fact]
    public async Task Status_cancel_health_and_purge_talk_to_the_endpoint()
    {
        await using var cli = await ServerlessCli.StartAsync();
        cli.Fake.NextJobs.Enqueue(new FakeJob("job-s", FakeJob.State("IN_QUEUE"), FakeJob.State("FAILED", error: "boom")));
        await cli.RunAsync("serverless", "submit", "--workflow", cli.Workflow(), "--output", cli.Output);

        var (code, stdout, _) = await cli.RunAsync("serverless", "status", "job-s");
        Assert.Equal(0, code);
        Assert.Equal("job-s FAILED: boom", stdout.Trim());

        (code, stdout, _) = await cli.RunAsync("serverless", "cancel", "job-s", "--json");
        Assert.Equal(0, code);
        Assert.Equal("CANCELLED", (string?)JsonNode.Parse(stdout)!["status"]);
        Assert.Contains("job-s", cli.Fake.CancelledIds);

        (code, stdout, _) = await cli.RunAsync("serverless", "health");
        Assert.Equal(0, code);
        Assert.Equal(2, (int)JsonNode.Parse(stdout)!["jobs"]!["inQueue"]!);
        Assert.Equal(0, (int)JsonNode.Parse(stdout)!["workers"]!["throttled"]!);

        (code, stdout, _) = await cli.RunAsync("serverless", "purge-queue", "--endpoint-id", "ep-x");
        Assert.Equal(0, code);
        Assert.Equal(2, (int)JsonNode.Parse(stdout)!["removed"]!);
        Assert.Contains("/v2/ep-x/purge-queue", cli.Fake.Paths("POST"));
    }

    [Fact]
    public async Task Status_of_an_unknown_job_reports_not_found_and_bad_usage_exits_2()
    {
        await using var cli = await ServerlessCli.StartAsync();
        var (code, stdout, _) = await cli.RunAsync("serverless", "status", "no-such-job");
        Assert.Equal(0, code);
        Assert.StartsWith("no-such-job NOT_FOUND", stdout, StringComparison.Ordinal);

        (code, _, var stderr) = await cli.RunAsync("serverless", "status");
        Assert.Equal(2, code);
        Assert.Contains("job-id", stderr, StringComparison.Ordinal);

        (code, _, stderr) = await cli.RunAsync("serverless", "frobnicate");
        Assert.Equal(2, code);
        Assert.Contains("unexpected argument 'frobnicate' for 'orchestrator serverless'", stderr, StringComparison.Ordinal);
    }
}
