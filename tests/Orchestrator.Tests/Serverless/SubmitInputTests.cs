using Xunit;

namespace Orchestrator.Tests.Serverless;

public sealed class SubmitInputTests
{
    [Fact]
    public async Task Missing_workflow_file_exits_2_and_sends_nothing()
    {
        await using var cli = await ServerlessCli.StartAsync();
        var (code, _, stderr) = await cli.RunAsync("serverless", "submit", "--workflow", Path.Combine(cli.Folder, "nope.json"));
        Assert.Equal(2, code);
        Assert.Contains("nope.json' does not exist", stderr, StringComparison.Ordinal);
        Assert.Empty(cli.Fake.Requests);
    }

    [Theory]
    [InlineData("{ not json", "is not valid JSON")]
    [InlineData("[1, 2]", "is not a JSON object")]
    [InlineData("""{"nodes": [], "links": []}""", "UI-format workflow")]
    [InlineData("""{"3": {"inputs": {}}}""", "not an API-format ComfyUI workflow")]
    public async Task Invalid_workflow_file_exits_2_with_a_clear_message(string content, string message)
    {
        await using var cli = await ServerlessCli.StartAsync();
        var path = Path.Combine(cli.Folder, "bad.json");
        await File.WriteAllTextAsync(path, content);
        var (code, _, stderr) = await cli.RunAsync("serverless", "submit", "--workflow", path);
        Assert.Equal(2, code);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.Empty(cli.Fake.Requests);
    }

    [Fact]
    public async Task Missing_credentials_and_bad_arguments_are_all_listed_with_exit_2()
    {
        await using var cli = await ServerlessCli.StartAsync();
        cli.Settings.Remove("RUNPOD_API_KEY");
        cli.Settings.Remove("RUNPOD_ENDPOINT_ID");
        cli.Settings["POLLING_INTERVAL"] = "soon";
        var (code, _, stderr) = await cli.RunAsync("serverless", "submit", "--workflow", cli.Workflow(), "--timeout", "-1", "--images", "missing.png");
        Assert.Equal(2, code);
        foreach (var expected in new[] { "RUNPOD_API_KEY: missing", "RUNPOD_ENDPOINT_ID: missing", "POLLING_INTERVAL: 'soon'", "--timeout: '-1'", "missing.png' does not exist" })
        {
            Assert.Contains(expected, stderr, StringComparison.Ordinal);
        }
        // An unknown option is refused by the parser before any of that is read.
        (code, _, stderr) = await cli.RunAsync("serverless", "submit", "--workflow", cli.Workflow(), "--bogus");
        Assert.Equal(2, code);
        Assert.Contains("unknown option '--bogus'", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("RUNPOD_API_KEY", stderr, StringComparison.Ordinal);
        Assert.Empty(cli.Fake.Requests);
    }

    [Fact]
    public async Task Endpoint_id_flag_overrides_the_environment_and_is_validated()
    {
        await using var cli = await ServerlessCli.StartAsync();
        var (code, _, stderr) = await cli.RunAsync("serverless", "submit", "--workflow", cli.Workflow(), "--endpoint-id", "../admin");
        Assert.Equal(2, code);
        Assert.Contains("--endpoint-id: '../admin' is not an endpoint id", stderr, StringComparison.Ordinal);

        cli.Fake.NextJobs.Enqueue(FakeJob.Completing("job-ep", OutputShapes.Build("v1-data-uri", cli.Fake).Output));
        (code, _, stderr) = await cli.RunAsync("serverless", "submit", "--workflow", cli.Workflow(), "--endpoint-id", "ep-other", "--output", cli.Output);
        Assert.True(code == 0, stderr);
        Assert.Contains("/v2/ep-other/run", cli.Fake.Paths("POST"));
    }

    [Fact]
    public async Task The_api_key_goes_only_to_the_api_as_bearer_and_never_to_output_or_image_hosts()
    {
        await using var cli = await ServerlessCli.StartAsync();
        cli.Fake.NextJobs.Enqueue(FakeJob.Completing("job-key", OutputShapes.Build("v5-s3-url", cli.Fake).Output));

        var (code, stdout, stderr) = await cli.RunAsync("serverless", "submit", "--workflow", cli.Workflow(), "--output", cli.Output, "--json");

        Assert.True(code == 0, stderr);
        Assert.DoesNotContain(FakeRunPod.ApiKey, stdout + stderr, StringComparison.Ordinal);
        Assert.All(cli.Fake.Requests.Where(r => r.Path.StartsWith("/v2/", StringComparison.Ordinal)), r => Assert.Equal("Bearer " + FakeRunPod.ApiKey, r.Authorization));
        var download = Assert.Single(cli.Fake.Requests, r => r.Path.StartsWith("/files/", StringComparison.Ordinal));
        Assert.Null(download.Authorization);
    }

    [Fact]
    public async Task Rejected_api_key_exits_1_with_a_clear_message()
    {
        await using var cli = await ServerlessCli.StartAsync();
        cli.Settings["RUNPOD_API_KEY"] = "wrong-key";
        var (code, _, stderr) = await cli.RunAsync("serverless", "submit", "--workflow", cli.Workflow(), "--output", cli.Output);
        Assert.Equal(1, code);
        Assert.Contains("HTTP 401 (RUNPOD_API_KEY rejected)", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-key", stderr, StringComparison.Ordinal);
    }
}
