using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Orchestrator.Configuration;
using Orchestrator.Core.Cycle;
using Orchestrator.Logging;
using Orchestrator.Observability;
using Xunit;
using Xunit.Abstractions;

namespace Orchestrator.Tests.Observability;

/// <summary>Prints costs (no timed assertions): a log line through the redacting JSON pipeline, a /metrics render.</summary>
public sealed class ObservabilityBenchmarks(ITestOutputHelper output)
{
    [Fact]
    public async Task Log_line_and_metrics_render_costs()
    {
        const int lines = 20_000;
        var secrets = Enumerable.Range(0, 6).Select(i => $"secret-value-{i}-0123456789abcdef").ToList();
        foreach (var (name, redactor) in new[] { ("no secrets", SecretRedactor.None), ("6 secrets", new SecretRedactor(secrets)) })
        {
            var sink = new StringWriter();
            using var serilog = LoggingSetup.CreateSerilog(new LoggingSettings(), sink, redactor);
            using var factory = LoggingSetup.CreateFactory(serilog);
            var logger = factory.CreateLogger("bench");
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < lines; i++)
            {
                logger.LogInformation(new EventId(1, "Bench"), "Worker {WorkerId} pod {PodId} took {DurationMs} ms", "gpu-20261101-abcd", "pod0001", i);
            }
            output.WriteLine($"log line, compact JSON, {name}: {clock.Elapsed.TotalMicroseconds / lines:0.0} µs/line ({sink.GetStringBuilder().Length / lines} bytes/line)");
            Assert.Equal(lines, sink.ToString().Count(c => c == '\n'));
        }
        var metrics = new FleetMetrics(TimeProvider.System);
        metrics.OnCycleCompleted(new CycleReport { CycleId = Guid.NewGuid(), StartedAt = DateTimeOffset.UtcNow, Error = "x" });
        var render = Stopwatch.StartNew();
        var text = "";
        for (var i = 0; i < 1000; i++)
        {
            text = await metrics.RenderAsync();
        }
        output.WriteLine($"/metrics render: {render.Elapsed.TotalMicroseconds / 1000:0.0} µs ({text.Length} bytes)");
    }
}
