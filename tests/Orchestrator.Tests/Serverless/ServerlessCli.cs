using Microsoft.Extensions.Configuration;
using Orchestrator.Cli;

namespace Orchestrator.Tests.Serverless;

/// <summary>Runs the real CLI against a <see cref="FakeRunPod"/> in a temporary folder.</summary>
public sealed class ServerlessCli : IAsyncDisposable
{
    private ServerlessCli(FakeRunPod fake, string folder)
    {
        Fake = fake;
        Folder = folder;
    }

    public FakeRunPod Fake { get; }
    public string Folder { get; }
    public string Output => Path.Combine(Folder, "out");
    public Dictionary<string, string?> Settings { get; } = new(StringComparer.Ordinal);

    public static async Task<ServerlessCli> StartAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "serverless-tests-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var cli = new ServerlessCli(await FakeRunPod.StartAsync(), folder);
        cli.Settings["RUNPOD_API_KEY"] = FakeRunPod.ApiKey;
        cli.Settings["RUNPOD_SERVERLESS_BASE_URL"] = cli.Fake.BaseUrl;
        cli.Settings["RUNPOD_ENDPOINT_ID"] = "ep-default";
        cli.Settings["POLLING_INTERVAL"] = "0.005";
        cli.Settings["MAX_POLLING_DURATION"] = "20";
        cli.Settings["SERVERLESS_RETRY_DELAY"] = "0.001";
        cli.Settings["LOG_LEVEL"] = "ERROR";
        return cli;
    }

    public async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings).Build();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CommandRunner.RunAsync(args, output, error, configuration);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>A minimal API-format workflow file.</summary>
    public string Workflow(string name = "wf.json")
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, """{"6": {"class_type": "CLIPTextEncode", "inputs": {"text": "a ball"}}, "9": {"class_type": "SaveImage", "inputs": {}}}""");
        return path;
    }

    public string[] SavedFiles() => Directory.Exists(Output) ? Directory.GetFiles(Output).Order(StringComparer.Ordinal).ToArray() : [];

    public async ValueTask DisposeAsync()
    {
        await Fake.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }
}
