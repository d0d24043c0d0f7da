using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Orchestrator.Tests.Store;

namespace Orchestrator.Tests.Service;

/// <summary>
/// The built <c>orchestrator run</c> as a child process with JSON logs on stdout. Collects every line and
/// every <c>CycleCompleted</c> event. Disposing kills it (SIGKILL) if it is still running, so a failing
/// test leaves no process behind.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly ConcurrentQueue<LoggedCycle> _cycles = new();

    private ServiceProcess(string node, Process process)
    {
        Node = node;
        _process = process;
    }

    public string Node { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public IReadOnlyList<LoggedCycle> Cycles => _cycles.ToList();

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// The service's own build output (the test directory's copy runs on the test's framework set), or what
    /// ORCHESTRATOR_TEST_BINARY names: a saved earlier build's <c>orchestrator.dll</c> (a before/after benchmark) or a
    /// native executable (the image's Native AOT build, which <c>.ci/run</c> plays the chaos suite against).
    /// </summary>
    public static string Binary
    {
        get
        {
            if (Environment.GetEnvironmentVariable("ORCHESTRATOR_TEST_BINARY") is { Length: > 0 } saved)
            {
                return saved;
            }
            var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            return Path.Combine(RepoPaths.Root, "src", "Orchestrator", "bin", framework.Parent!.Name, framework.Name, "orchestrator.dll");
        }
    }

    /// <summary>
    /// The <c>dotnet</c> host that runs the service's dll: this process's own when it is <c>dotnet</c> (tests, <c>dotnet
    /// X.dll</c>), otherwise (a benchmark started through its apphost) the one the SDK names, or <c>dotnet</c> on the PATH.
    /// </summary>
    public static string DotnetHost =>
        Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath!
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } named ? named : "dotnet";

    /// <summary>
    /// How to start the service with <paramref name="arguments"/>: its dll through the <c>dotnet</c> host, or, when
    /// ORCHESTRATOR_TEST_BINARY names a native executable (a Native AOT publish), that executable itself. Output redirected.
    /// </summary>
    public static ProcessStartInfo StartInfo(params string[] arguments)
    {
        var binary = Binary;
        var start = binary.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
            ? new ProcessStartInfo(DotnetHost, [binary, .. arguments])
            : new ProcessStartInfo(binary, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        return start;
    }

    /// <summary>Starts <c>orchestrator run</c> with <paramref name="environment"/> added to the test's own, and LOG_FORMAT=json.</summary>
    public static ServiceProcess Start(string node, IReadOnlyDictionary<string, string> environment)
    {
        var start = StartInfo("run");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        start.Environment["LOG_FORMAT"] = "json";
        var service = new ServiceProcess(node, Process.Start(start)!);
        service._process.OutputDataReceived += (_, e) => service.Receive(e.Data);
        service._process.ErrorDataReceived += (_, e) => service.Receive(e.Data);
        service._process.BeginOutputReadLine();
        service._process.BeginErrorReadLine();
        return service;
    }

    /// <summary>A crash: SIGKILL, no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>What an orchestrator (systemd, Kubernetes) sends for a clean stop; returns the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan limit)
    {
        using (var kill = Process.Start("kill", ["-TERM", Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }
        await _process.WaitForExitAsync().WaitAsync(limit);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        _process.Dispose();
    }

    private void Receive(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
        if (!line.StartsWith('{'))
        {
            return;
        }
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        if (root.TryGetProperty("event_id", out var id) && id.GetInt32() == 1000)
        {
            _cycles.Enqueue(new LoggedCycle(
                Node,
                root.GetProperty("CycleId").GetGuid(),
                DateTimeOffset.Parse(root.GetProperty("ts").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                root.GetProperty("DurationMs").GetInt64()));
        }
    }
}
