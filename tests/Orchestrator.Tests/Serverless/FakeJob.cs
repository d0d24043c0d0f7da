using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Orchestrator.Tests.Serverless;

/// <summary>A scripted job: the answers of submit and each /status call in order (the last repeats), optional HTTP errors first.</summary>
public sealed class FakeJob
{
    private readonly ConcurrentQueue<JsonObject> _answers;
    private JsonObject _last;

    public FakeJob(string id, params JsonObject[] answers)
    {
        Id = id;
        _answers = new ConcurrentQueue<JsonObject>(answers.Select(a => { a["id"] ??= id; return a; }));
        _last = answers[0];
    }

    public string Id { get; }

    /// <summary>HTTP codes answered to /status before the script goes on (e.g. 503, 429).</summary>
    public ConcurrentQueue<int> StatusErrors { get; } = new();

    public bool Cancelled { get; set; }

    public JsonObject Next()
    {
        if (Cancelled)
        {
            return new JsonObject { ["id"] = Id, ["status"] = "CANCELLED" };
        }
        if (_answers.TryDequeue(out var next))
        {
            _last = next;
        }
        return (JsonObject)_last.DeepClone();
    }

    public static JsonObject State(string status, JsonNode? output = null, JsonNode? error = null)
    {
        var o = new JsonObject { ["status"] = status };
        if (output is not null)
        {
            o["output"] = output;
        }
        if (error is not null)
        {
            o["error"] = error;
        }
        if (status == "COMPLETED")
        {
            o["delayTime"] = 12;
            o["executionTime"] = 345;
        }
        return o;
    }

    /// <summary>IN_QUEUE, IN_PROGRESS, then COMPLETED with <paramref name="output"/>.</summary>
    public static FakeJob Completing(string id, JsonNode? output) =>
        new(id, State("IN_QUEUE"), State("IN_PROGRESS"), State("COMPLETED", output));
}
