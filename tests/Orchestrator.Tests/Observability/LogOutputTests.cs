using System.Text.Json;
using Orchestrator.Tests.Store;
using Xunit;

namespace Orchestrator.Tests.Observability;

/// <summary>
/// The log stream of a real `once` cycle (a fresh database, the loopback RunPod): one compact JSON object per
/// line, LOG_LEVEL and LOG_FORMAT honoured.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class LogOutputTests(PostgresFixture postgres)
{
    private Task<CliRun> OnceAsync(string[] args, params (string Key, string Value)[] settings) =>
        CliRun.AgainstFakesAsync(postgres, null, args, settings);

    [Fact]
    public async Task Every_line_is_one_json_object_with_the_stable_head_and_flattened_properties()
    {
        var run = await OnceAsync(["once"], ("MIN_ACTIVE_GPUS", "2"));
        Assert.Equal(0, run.ExitCode);
        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            var keys = line.EnumerateObject().Select(p => p.Name).ToList();
            Assert.Equal(["ts", "level", "event", "event_id", "logger", "msg"], keys.Take(6));
            Assert.EndsWith("Z", line.GetProperty("ts").GetString(), StringComparison.Ordinal);
        }
        var summary = Assert.Single(lines, l => l.GetProperty("event").GetString() == "CycleCompleted");
        Assert.Equal(1000, summary.GetProperty("event_id").GetInt32());
        Assert.Equal("info", summary.GetProperty("level").GetString());
        Assert.True(Guid.TryParse(summary.GetProperty("CycleId").GetString(), out _));
        Assert.Equal(JsonValueKind.Number, summary.GetProperty("DurationMs").ValueKind);
        Assert.Equal(2, summary.GetProperty("Spawned").GetInt32());
        var spawned = lines.Where(l => l.GetProperty("event").GetString() == "WorkerSpawned").ToList();
        Assert.Equal(2, spawned.Count);
        Assert.All(spawned, s => Assert.DoesNotContain("\"", s.GetProperty("msg").GetString(), StringComparison.Ordinal));
        Assert.All(spawned, s => Assert.StartsWith("gpu-", s.GetProperty("WorkerId").GetString(), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ERROR", 0)]
    [InlineData("WARNING", 0)]
    [InlineData("INFO", 4)]
    [InlineData("DEBUG", 4)]
    public async Task Log_level_is_honoured(string level, int minimumLines)
    {
        var run = await OnceAsync(["once"], ("MIN_ACTIVE_GPUS", "1"), ("LOG_LEVEL", level));
        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length >= minimumLines, $"{lines.Length} lines at {level}");
        if (minimumLines == 0)
        {
            Assert.DoesNotContain(lines, l => l.Contains("\"level\":\"info\"", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Json_output_commands_keep_logs_on_stderr()
    {
        var run = await OnceAsync(["once", "--json"]);
        Assert.Equal(0, run.ExitCode);
        var report = JsonDocument.Parse(run.Out).RootElement;
        Assert.True(report.GetProperty("ok").GetBoolean());
        Assert.Contains("\"event\":\"CycleCompleted\"", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_format_writes_readable_lines()
    {
        var run = await OnceAsync(["once"], ("LOG_FORMAT", "text"));
        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        Assert.DoesNotContain(lines, l => l.StartsWith('{'));
        Assert.Contains(lines, l => l.Contains(" INF [CycleCompleted] Orchestrator.Core.Cycle.ControlCycle: Cycle ", StringComparison.Ordinal));
    }

    [Fact]
    public void Disposing_the_logger_flushes_a_buffered_stream()
    {
        using var stream = new MemoryStream();
        var writer = new StreamWriter(stream) { AutoFlush = false };
        var serilog = Orchestrator.Logging.LoggingSetup.CreateSerilog(new Orchestrator.Configuration.LoggingSettings(), writer, Orchestrator.Logging.SecretRedactor.None);
        serilog.Information("last words before shutdown");
        Assert.Equal(0, stream.Length);
        serilog.Dispose();
        Assert.Contains("last words before shutdown", System.Text.Encoding.UTF8.GetString(stream.ToArray()), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("LOG_LEVEL", "LOUD")]
    [InlineData("LOG_FORMAT", "xml")]
    public async Task Bad_logging_settings_exit_2_naming_the_variable(string key, string value)
    {
        var run = await OnceAsync(["once"], (key, value));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(key, run.Error, StringComparison.Ordinal);
        Assert.Contains(value, run.Error, StringComparison.Ordinal);
    }
}
