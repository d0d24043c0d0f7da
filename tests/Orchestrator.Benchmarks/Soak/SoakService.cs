using System.Diagnostics;
using System.Globalization;
using Orchestrator.Tests.Service;

namespace Orchestrator.Benchmarks.Soak;

/// <summary>
/// The built <c>orchestrator run</c> as a child process (so its memory is the service's own, not the benchmark's),
/// JSON logs on stdout. Counts <c>CycleCompleted</c> events (event_id 1000) and error lines as they arrive and keeps
/// only the last few lines, so a long soak does not hold its log. Disposing kills it if it still runs.
/// </summary>
public sealed class SoakService : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _last = new();
    private readonly List<string> _firstErrors = [];
    private int _cycles;
    private int _errors;

    private SoakService(Process process) => _process = process;

    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;
    public int Cycles => Volatile.Read(ref _cycles);
    public int Errors => Volatile.Read(ref _errors);

    public string LastLines { get { lock (_last) { return string.Join(Environment.NewLine, _last); } } }

    /// <summary>The first few error lines, as logged (the report prints them).</summary>
    public IReadOnlyList<string> FirstErrors { get { lock (_last) { return [.. _firstErrors]; } } }

    public static SoakService Start(IReadOnlyDictionary<string, string> environment)
    {
        // ORCHESTRATOR_TEST_BINARY (read by ServiceProcess.Binary): a copy of the build, so the tree can be rebuilt while a long soak runs.
        var start = ServiceProcess.StartInfo("run");
        // The benchmark's own runtime and allocator knobs must not leak into the service under test.
        foreach (var inherited in start.Environment.Keys.Where(k => (k.StartsWith("DOTNET_", StringComparison.Ordinal) && k != "DOTNET_ROOT") || k.StartsWith("MALLOC_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(inherited);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        start.Environment["LOG_FORMAT"] = "json";
        var service = new SoakService(Process.Start(start)!);
        service._process.OutputDataReceived += (_, e) => service.Receive(e.Data);
        service._process.ErrorDataReceived += (_, e) => service.Receive(e.Data);
        service._process.BeginOutputReadLine();
        service._process.BeginErrorReadLine();
        return service;
    }

    /// <summary>Waits until at least <paramref name="count"/> cycles have completed; false when the service exited or the time ran out.</summary>
    public async Task<bool> WaitForCyclesAsync(int count, TimeSpan limit, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (Cycles < count)
        {
            if (HasExited || clock.Elapsed > limit)
            {
                return false;
            }
            await Task.Delay(5, cancellationToken).ConfigureAwait(false);
        }
        return true;
    }

    /// <summary>SIGTERM, as systemd or Kubernetes stop it; returns the exit code.</summary>
    public async Task<int> StopAsync(TimeSpan limit)
    {
        using (var kill = Process.Start("kill", ["-TERM", Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync().ConfigureAwait(false);
        }
        await _process.WaitForExitAsync().WaitAsync(limit).ConfigureAwait(false);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        }
        _process.Dispose();
    }

    private void Receive(string? line)
    {
        if (line is null)
        {
            return;
        }
        if (line.Contains("\"event\":\"CycleCompleted\"", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _cycles);
        }
        if (line.Contains("\"level\":\"error\"", StringComparison.OrdinalIgnoreCase) || line.Contains("\"level\":\"fatal\"", StringComparison.OrdinalIgnoreCase))
        {
            Interlocked.Increment(ref _errors);
            lock (_last)
            {
                if (_firstErrors.Count < 5)
                {
                    _firstErrors.Add(line);
                }
            }
        }
        lock (_last)
        {
            _last.Enqueue(line);
            while (_last.Count > 20)
            {
                _last.Dequeue();
            }
        }
    }
}
