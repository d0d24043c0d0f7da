using System.Text.Json.Nodes;
using Xunit;

namespace Orchestrator.Tests.Serverless;

public sealed class SubmitCommandTests
{
    public static TheoryData<string> Shapes() => new(OutputShapes.Names);

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task Submit_saves_valid_png_files_for_every_output_shape(string shape)
    {
        await using var cli = await ServerlessCli.StartAsync();
        var (output, count) = OutputShapes.Build(shape, cli.Fake);
        cli.Fake.NextJobs.Enqueue(FakeJob.Completing("job-" + shape, output));

        var (code, stdout, stderr) = await cli.RunAsync("serverless", "submit", "--workflow", cli.Workflow(), "--output", cli.Output);

        Assert.True(code == 0, stderr);
        var files = cli.SavedFiles();
        Assert.Equal(count, files.Length);
        Assert.All(files, f => Assert.True(TinyPng.ReadHeader(File.ReadAllBytes(f)).Width >= 2));
        Assert.All(files, f => Assert.Contains(f, stdout, StringComparison.Ordinal));
        Assert.Empty(cli.Fake.CancelledIds);
    }

    [Fact]
    public async Task Submit_reports_status_progress_on_stderr_and_sends_the_workflow_with_reference_images()
    {
        await using var cli = await ServerlessCli.StartAsync();
        var refs = Path.Combine(cli.Folder, "refs");
        Directory.CreateDirectory(Path.Combine(refs, "masks"));
        File.WriteAllBytes(Path.Combine(refs, "a.png"), TinyPng.Create(1, 1));
        File.WriteAllBytes(Path.Combine(refs, "masks", "m.png"), TinyPng.Create(2, 2));
        File.WriteAllText(Path.Combine(refs, "notes.txt"), "not an image");
        var single = Path.Combine(cli.Folder, "single.jpg");
        File.WriteAllBytes(single, [0xFF, 0xD8, 0xFF, 0xE0]);
        cli.Fake.NextJobs.Enqueue(FakeJob.Completing("job-progress", OutputShapes.Build("v5-base64", cli.Fake).Output));

        var (code, _, stderr) = await cli.RunAsync("serverless", "submit", "--workflow", cli.Workflow(), "--images", single, "--images-dir", refs, "--output", cli.Output);

        Assert.True(code == 0, stderr);
        Assert.Contains("job job-progress: IN_QUEUE", stderr, StringComparison.Ordinal);
        Assert.Contains("job job-progress: IN_PROGRESS", stderr, StringComparison.Ordinal);
        Assert.Contains("job job-progress: COMPLETED", stderr, StringComparison.Ordinal);
        var run = cli.Fake.Requests.Single(r => r.Path.EndsWith("/run", StringComparison.Ordinal));
        Assert.Equal("/v2/ep-default/run", run.Path);
        var input = JsonNode.Parse(run.Body)!["input"]!;
        Assert.Equal("CLIPTextEncode", (string?)input["workflow"]!["6"]!["class_type"]);
        var images = input["images"]!.AsArray().ToDictionary(i => (string)i!["name"]!, i => Convert.FromBase64String((string)i!["image"]!));
        Assert.Equal(["a.png", "masks/m.png", "single.jpg"], images.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(File.ReadAllBytes(Path.Combine(refs, "masks", "m.png")), images["masks/m.png"]);
    }

    [Fact]
    public async Task Submit_with_sync_keeps_polling_when_runsync_answers_in_progress()
    {
        await using var cli = await ServerlessCli.StartAsync();
        var output = OutputShapes.Build("v5-base64", cli.Fake).Output;
        cli.Fake.NextJobs.Enqueue(new FakeJob("sync-1", FakeJob.State("IN_PROGRESS"), FakeJob.State("IN_PROGRESS"), FakeJob.State("COMPLETED", output)));

        var (code, _, stderr) = await cli.RunAsync("serverless", "submit", "--workflow", cli.Workflow(), "--output", cli.Output, "--sync");

        Assert.True(code == 0, stderr);
        Assert.Contains(cli.Fake.Paths("POST"), p => p.StartsWith("/v2/ep-default/runsync?wait=", StringComparison.Ordinal));
        Assert.Contains(cli.Fake.Paths("GET"), p => p == "/v2/ep-default/status/sync-1");
        Assert.Equal(2, cli.SavedFiles().Length);
    }

    [Fact]
    public async Task Submit_completes_through_429_and_503_on_status()
    {
        await using var cli = await ServerlessCli.StartAsync();
        var job = FakeJob.Completing("job-flaky", OutputShapes.Build("v4-message-base64", cli.Fake).Output);
        job.StatusErrors.Enqueue(429);
        job.StatusErrors.Enqueue(503);
        job.StatusErrors.Enqueue(500);
        cli.Fake.NextJobs.Enqueue(job);

        var (code, _, stderr) = await cli.RunAsync("serverless", "submit", "--workflow", cli.Workflow(), "--output", cli.Output);

        Assert.True(code == 0, stderr);
        Assert.Single(cli.SavedFiles());
    }

    [Fact]
    public async Task Run_is_retried_on_429_but_never_on_5xx()
    {
        await using var cli = await ServerlessCli.StartAsync();
        cli.Fake.SubmitErrors.Enqueue(429);
        cli.Fake.NextJobs.Enqueue(FakeJob.Completing("job-429", OutputShapes.Build("v4-message-base64", cli.Fake).Output));
        var (code, _, stderr) = await cli.RunAsync("serverless", "submit", "--workflow", cli.Workflow(), "--output", cli.Output);
        Assert.True(code == 0, stderr);
        Assert.Equal(2, cli.Fake.Paths("POST").Count(p => p.EndsWith("/run", StringComparison.Ordinal)));

        cli.Fake.SubmitErrors.Enqueue(503);
        (code, _, stderr) = await cli.RunAsync("serverless", "submit", "--workflow", cli.Workflow(), "--output", cli.Output);
        Assert.Equal(1, code);
        Assert.Contains("HTTP 503", stderr, StringComparison.Ordinal);
        Assert.Equal(3, cli.Fake.Paths("POST").Count(p => p.EndsWith("/run", StringComparison.Ordinal)));
    }
}
