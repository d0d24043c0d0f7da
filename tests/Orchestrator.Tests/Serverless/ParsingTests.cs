using System.Text.Json.Nodes;
using Orchestrator.Serverless.Api;
using Orchestrator.Serverless.Results;
using Xunit;

namespace Orchestrator.Tests.Serverless;

public sealed class ParsingTests
{
    [Theory]
    [InlineData("\"Invalid parameter: steps\"", "Invalid parameter: steps")]
    [InlineData("\"{\\\"error_type\\\": \\\"RuntimeError\\\", \\\"error_message\\\": \\\"CUDA OOM\\\"}\"", "RuntimeError: CUDA OOM")]
    [InlineData("\"{not json\"", "{not json")]
    [InlineData("{\"message\": \"as an object\"}", "as an object")]
    [InlineData("\"  \"", null)]
    [InlineData("null", null)]
    public void Job_error_text_unpacks_json_encoded_errors(string errorJson, string? expected) =>
        Assert.Equal(expected, JobErrorText.From(JsonNode.Parse(errorJson)));

    [Theory]
    [InlineData("""{"id": "a", "status": "in_progress", "output": {"progress": 50}}""", "IN_PROGRESS", false)]
    [InlineData("""{"id": "a", "status": "COMPLETED"}""", "COMPLETED", true)]
    [InlineData("""{"id": "a", "status": "CANCELLED"}""", "CANCELLED", true)]
    [InlineData("""{"id": "a", "status": "TIMED_OUT"}""", "TIMED_OUT", true)]
    public void Status_decides_terminality_not_output(string json, string status, bool terminal)
    {
        var state = JobState.Parse(JsonNode.Parse(json))!;
        Assert.Equal(status, state.Status);
        Assert.Equal(terminal, state.IsTerminal);
    }

    [Theory]
    [InlineData("../../evil.png", "evil", ".png")]
    [InlineData("/etc/passwd", "passwd", "")]
    [InlineData("..\\..\\win.jpg", "win", ".jpg")]
    [InlineData("..", "fallback", "")]
    [InlineData("", "fallback", "")]
    [InlineData(".hidden.png", "hidden", ".png")]
    [InlineData("a b;rm -rf.png", "a_b_rm_-rf", ".png")]
    [InlineData("x.tar.gz\u0000.png", "x.tar.gz_", ".png")]
    public void Untrusted_file_names_are_reduced_to_a_safe_last_segment(string name, string stem, string extension) =>
        Assert.Equal((stem, extension), SafeFileNames.Clean(name, "fallback"));

    [Fact]
    public void Strings_outside_image_places_are_ignored_unless_they_are_images()
    {
        var png = Convert.ToBase64String(TinyPng.Create(1, 1));
        var output = JsonNode.Parse($$"""{"prompt": "abcd", "seed": 3, "link": "https://example.com/docs", "extra": {"thumb": "{{png}}", "video": "https://h/v.mp4"} }""");
        var extracted = OutputImageExtractor.Extract(output);
        Assert.Empty(extracted.Problems);
        Assert.Equal(2, extracted.Images.Count);
        Assert.Equal(png, extracted.Images[0].Base64);
        Assert.Equal("https://h/v.mp4", extracted.Images[1].Url!.ToString());
    }

    [Fact]
    public void Success_without_images_and_worker_errors_are_reported()
    {
        var extracted = OutputImageExtractor.Extract(JsonNode.Parse("""{"status": "success_no_images", "images": [], "errors": ["No outputs found in history"]}"""));
        Assert.Empty(extracted.Images);
        Assert.Null(extracted.OutputError);
        Assert.Equal(["No outputs found in history"], extracted.Warnings);
    }

    [Fact]
    public void Base64_is_decoded_with_data_prefix_whitespace_and_missing_padding()
    {
        var png = TinyPng.Create(2, 2);
        var text = Convert.ToBase64String(png).TrimEnd('=');
        Assert.Equal(png, ImageBytes.Decode("data:image/png;base64," + text[..10] + "\n" + text[10..]));
        Assert.Null(ImageBytes.Decode("***"));
        Assert.Equal(".png", ImageBytes.Sniff(png));
    }
}
