using System.Text.Json.Nodes;
using Xunit;

namespace Orchestrator.Tests.Serverless;

public sealed class SubmitFailureTests
{
    [Fact]
    public async Task Failed_job_with_a_plain_string_error_exits_1_with_the_message()
    {
        await using var cli = await ServerlessCli.StartAsync();
        cli.Fake.NextJobs.Enqueue(new FakeJob("job-f", FakeJob.State("IN_QUEUE"), FakeJob.State("FAILED", error: "Missing 'workflow' parameter")));

        var (code, _, stderr) = await cli.RunAsync("serverless", "submit", "--workflow", cli.Workflow(), "--output", cli.Output);

        Assert.Equal(1, code);
        Assert.Contains("FAILED: job job-f ended FAILED: Missing 'workflow' parameter", stderr, StringComparison.Ordinal);
        Assert.Empty(cli.SavedFiles());
    }

    [Fact]
    public async Task Failed_job_with_a_json_encoded_error_shows_its_type_and_message()
    {
        await using var cli = await ServerlessCli.StartAsync();
        var encoded = """{"error_type": "<class 'ValueError'>", "error_message": "Workflow validation failed", "error_traceback": "Traceback ...", "hostname": "h", "worker_id": "w"}""";
        cli.Fake.NextJobs.Enqueue(new FakeJob("job-j", FakeJob.State("IN_PROGRESS"), FakeJob.State("FAILED", JsonNode.Parse("""{"details": ["node 3"]}"""), encoded)));

        var (code, stdout, stderr) = await cli.RunAsync("serverless", "submit", "--workflow", cli.Workflow(), "--output", cli.Output, "--json");

        Assert.Equal(1, code);
        Assert.Contains("<class 'ValueError'>: Workflow validation failed", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Traceback", stderr, StringComparison.Ordinal);
        var doc = JsonNode.Parse(stdout)!;
        Assert.False((bool)doc["ok"]!);
        Assert.Equal("FAILED", (string?)doc["status"]);
    }

    [Fact]
    public async Task Timed_out_job_exits_1()
    {
        await using var cli = await ServerlessCli.StartAsync();
        cli.Fake.NextJobs.Enqueue(new FakeJob("job-t", FakeJob.State("IN_QUEUE"), FakeJob.State("TIMED_OUT")));

        var (code, _, stderr) = await cli.RunAsync("serverless", "submit", "--workflow", cli.Workflow(), "--output", cli.Output);

        Assert.Equal(1, code);
        Assert.Contains("ended TIMED_OUT", stderr, StringComparison.Ordinal);
        Assert.Empty(cli.Fake.CancelledIds);
    }

    [Fact]
    public async Task Job_that_never_finishes_is_cancelled_when_the_timeout_passes()
    {
        await using var cli = await ServerlessCli.StartAsync();
        cli.Fake.NextJobs.Enqueue(new FakeJob("job-stuck", FakeJob.State("IN_QUEUE"), FakeJob.State("IN_PROGRESS")));

        var (code, stdout, stderr) = await cli.RunAsync("serverless", "submit", "--workflow", cli.Workflow(), "--output", cli.Output,
            "--timeout", "0.3", "--poll-interval", "0.01", "--json");

        Assert.Equal(1, code);
        Assert.Equal(["job-stuck"], cli.Fake.CancelledIds);
        Assert.Contains("was cancelled", stderr, StringComparison.Ordinal);
        Assert.True((bool)JsonNode.Parse(stdout)!["cancelled_by_client"]!);
        Assert.Empty(cli.SavedFiles());
    }

    [Fact]
    public async Task Polling_stops_and_cancels_after_max_polling_attempts()
    {
        await using var cli = await ServerlessCli.StartAsync();
        cli.Settings["MAX_POLLING_ATTEMPTS"] = "3";
        cli.Fake.NextJobs.Enqueue(new FakeJob("job-n", FakeJob.State("IN_QUEUE")));

        var (code, _, _) = await cli.RunAsync("serverless", "submit", "--workflow", cli.Workflow(), "--output", cli.Output);

        Assert.Equal(1, code);
        Assert.Equal(3, cli.Fake.Paths("GET").Count(p => p.Contains("/status/job-n", StringComparison.Ordinal)));
        Assert.Equal(["job-n"], cli.Fake.CancelledIds);
    }

    [Fact]
    public async Task Completed_without_output_is_a_failure()
    {
        await using var cli = await ServerlessCli.StartAsync();
        cli.Fake.NextJobs.Enqueue(FakeJob.Completing("job-empty", null));

        var (code, _, stderr) = await cli.RunAsync("serverless", "submit", "--workflow", cli.Workflow(), "--output", cli.Output);

        Assert.Equal(1, code);
        Assert.Contains("COMPLETED without output", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Completed_with_an_error_status_in_the_output_is_a_failure()
    {
        await using var cli = await ServerlessCli.StartAsync();
        cli.Fake.NextJobs.Enqueue(FakeJob.Completing("job-err", JsonNode.Parse("""{"status": "error", "message": "Some images failed to upload", "details": ["x.png"]}""")));

        var (code, _, stderr) = await cli.RunAsync("serverless", "submit", "--workflow", cli.Workflow(), "--output", cli.Output);

        Assert.Equal(1, code);
        Assert.Contains("Some images failed to upload", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_bad_image_is_reported_and_the_others_are_saved()
    {
        await using var cli = await ServerlessCli.StartAsync();
        var good = Convert.ToBase64String(TinyPng.Create(3, 3));
        cli.Fake.Files["ok.png"] = TinyPng.Create(5, 5);
        var output = JsonNode.Parse($$"""
            {"images": [
              {"filename": "a.png", "type": "base64", "data": "{{good}}"},
              {"filename": "gone.png", "type": "s3_url", "data": "{{cli.Fake.FileUrl("missing.png")}}?X-Amz-Signature=s3cr3t"},
              {"filename": "broken.png", "type": "base64", "data": "***not base64***"},
              {"filename": "b.png", "type": "s3_url", "data": "{{cli.Fake.FileUrl("ok.png")}}"}
            ]}
            """);
        cli.Fake.NextJobs.Enqueue(FakeJob.Completing("job-mixed", output));

        var (code, stdout, stderr) = await cli.RunAsync("serverless", "submit", "--workflow", cli.Workflow(), "--output", cli.Output);

        Assert.Equal(1, code);
        Assert.Equal(["a.png", "b.png"], cli.SavedFiles().Select(Path.GetFileName));
        Assert.Contains("missing.png: HTTP 404", stderr, StringComparison.Ordinal);
        Assert.Contains("broken.png", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", stderr + stdout, StringComparison.Ordinal);
        Assert.Contains("2 of 4 image(s) could not be saved", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hostile_file_names_never_write_outside_the_output_folder()
    {
        await using var cli = await ServerlessCli.StartAsync();
        var png = Convert.ToBase64String(TinyPng.Create(2, 2));
        var names = new[] { "../../evil.png", "/etc/evil2.png", "..\\..\\evil3.png", "..", "sub/../../evil4.png", "ok.png", "ok.png", "" };
        var images = new JsonArray([.. names.Select(n => new JsonObject { ["filename"] = n, ["type"] = "base64", ["data"] = png })]);
        cli.Fake.NextJobs.Enqueue(FakeJob.Completing("job-hostile", new JsonObject { ["images"] = images }));
        var workflow = cli.Workflow();
        var output = Path.Combine(cli.Folder, "a", "b", "out"); // ../../ from here is still inside the test folder
        var before = Directory.GetFiles(cli.Folder, "*", SearchOption.AllDirectories).ToHashSet();

        var (code, _, stderr) = await cli.RunAsync("serverless", "submit", "--workflow", workflow, "--output", output);

        Assert.True(code == 0, stderr);
        var written = Directory.GetFiles(cli.Folder, "*", SearchOption.AllDirectories).Where(f => !before.Contains(f)).ToList();
        Assert.Equal(names.Length, written.Count);
        Assert.All(written, f => Assert.Equal(Path.GetFullPath(output), Path.GetDirectoryName(Path.GetFullPath(f))));
        Assert.All(written, f => TinyPng.ReadHeader(File.ReadAllBytes(f)));
        Assert.Contains(written, f => Path.GetFileName(f) == "ok_1.png");
        Assert.False(File.Exists("/etc/evil2.png"));
    }
}
