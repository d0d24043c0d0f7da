using Xunit;

namespace Orchestrator.Tests.Observability;

/// <summary>/metrics, with every family populated, passes <c>promtool check metrics</c> (format and naming lint).</summary>
public sealed class PromtoolMetricsTests
{
    [Fact]
    public async Task Promtool_check_metrics_passes_on_the_served_metrics()
    {
        await using var service = await ObservedService.StartAsync(("HEARTBEAT_TIMEOUT_SEC", "120"), ("MAX_HOURLY_SPEND_USD", "20"));
        var body = await MetricsScenario.RunAsync(service);
        var samples = PrometheusText.Parse(body);
        Assert.Contains("orchestrator_task_wait_seconds_count", samples.Keys);
        Assert.Contains("orchestrator_bootstrap_duration_seconds_count{outcome=\"launched\"}", samples.Keys);
        var (exitCode, output) = Promtool.Run(body, "check", "metrics");
        Assert.True(exitCode == 0 && output.Trim().Length == 0, $"promtool check metrics exited {exitCode}:\n{output}");
    }
}
