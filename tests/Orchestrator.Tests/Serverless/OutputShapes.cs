using System.Text.Json.Nodes;

namespace Orchestrator.Tests.Serverless;

/// <summary>Every output shape of the reference (worker-comfyui 1.x–5.x, third-party variants), built around tiny PNGs.</summary>
public static class OutputShapes
{
    public static readonly string[] Names =
        ["v5-base64", "v5-s3-url", "v4-message-base64", "v3-message-url", "v1-data-uri", "plain-list", "nested-job-results", "docs-image-url", "root-string"];

    /// <summary>The output and how many images it holds. URL shapes register their files on the fake.</summary>
    public static (JsonNode Output, int Images) Build(string shape, FakeRunPod fake)
    {
        string B64(int i) => Convert.ToBase64String(TinyPng.Create(2 + i, 3));
        string Url(string name, int i)
        {
            fake.Files[name] = TinyPng.Create(4 + i, 4);
            return fake.FileUrl(name);
        }
        return shape switch
        {
            "v5-base64" => (Parse($$"""{"images": [{"filename": "ComfyUI_00001_.png", "type": "base64", "data": "{{B64(0)}}"}, {"filename": "ComfyUI_00002_.png", "type": "base64", "data": "{{B64(1)}}"}], "errors": ["one S3 upload failed"]}"""), 2),
            "v5-s3-url" => (Parse($$"""{"images": [{"filename": "ComfyUI_00001_.png", "type": "s3_url", "data": "{{Url("c67ad621.png", 0)}}?X-Amz-Signature=abc"}]}"""), 1),
            "v4-message-base64" => (Parse($$"""{"status": "success", "message": "{{B64(0)}}", "refresh_worker": false}"""), 1),
            "v3-message-url" => (Parse($$"""{"status": "success", "message": "{{Url("10-23-x.png", 0)}}"}"""), 1),
            "v1-data-uri" => (Parse($$"""{"status": "success", "message": "data:image/png;base64,{{B64(0)}}"}"""), 1),
            "plain-list" => (Parse($$"""{"images": ["{{B64(0)}}", "{{B64(1)}}", "{{B64(2)}}"]}"""), 3),
            "nested-job-results" => (Parse($$"""{"job_results": {"images": [{"data": "data:image/png;base64,{{B64(0)}}", "filename": "output.png"}, {"url": "{{Url("n.png", 1)}}"}]}, "seed": 7}"""), 2),
            "docs-image-url" => (Parse($$"""[{"image": "{{Url("docs.png", 0)}}", "seed": 46578}]"""), 1),
            "root-string" => (JsonValue.Create("data:image/png;base64," + B64(0)), 1),
            _ => throw new ArgumentOutOfRangeException(nameof(shape)),
        };
    }

    private static JsonNode Parse(string json) => JsonNode.Parse(json)!;
}
