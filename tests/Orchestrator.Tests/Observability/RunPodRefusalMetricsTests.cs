using Orchestrator.Observability;
using Orchestrator.RunPod;
using Xunit;

namespace Orchestrator.Tests.Observability;

/// <summary>The RunPod adapter's refusals reach /metrics: a 402 raises the balance alert until a create succeeds.</summary>
public sealed class RunPodRefusalMetricsTests
{
    [Fact]
    public async Task A_402_raises_the_insufficient_balance_gauge_until_a_create_succeeds()
    {
        var fleet = new FleetMetrics(TimeProvider.System);
        using var runpod = new RunPodMetrics(fleet);
        var before = PrometheusText.Parse(await fleet.RenderAsync());
        Assert.Equal(0, before["orchestrator_runpod_insufficient_balance"]);
        Assert.Equal(0, before["orchestrator_runpod_create_refusals_total{reason=\"contract\"}"]);

        runpod.Refused(CreateRefusal.Balance);
        runpod.Refused(CreateRefusal.Contract);
        var blocked = PrometheusText.Parse(await fleet.RenderAsync());
        Assert.Equal(1, blocked["orchestrator_runpod_insufficient_balance"]);
        Assert.Equal(1, blocked["orchestrator_runpod_create_refusals_total{reason=\"balance\"}"]);
        Assert.Equal(1, blocked["orchestrator_runpod_create_refusals_total{reason=\"contract\"}"]);

        runpod.Created();
        Assert.Equal(0, PrometheusText.Parse(await fleet.RenderAsync())["orchestrator_runpod_insufficient_balance"]);
    }
}
