using Orchestrator.Core.Domain;
using Xunit;

namespace Orchestrator.Tests.Observability;

/// <summary>/metrics after real cycles of the control loop against the in-memory fleet.</summary>
public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task Metrics_follow_a_fleet_from_queue_to_active_with_a_failure_and_a_failed_cycle()
    {
        await using var service = await ObservedService.StartAsync(("HEARTBEAT_TIMEOUT_SEC", "120"));
        await service.SpawnAndBootstrapAsync(3);
        await service.CycleAsync();                       // 3 active
        var m = await MetricsAsync(service);
        Assert.Equal(3, m["orchestrator_cycles_total{result=\"ok\"}"]);
        Assert.Equal(0, m["orchestrator_cycles_total{result=\"failed\"}"]);
        Assert.Equal(3, m["orchestrator_spawns_total"]);
        Assert.Equal(3, m["orchestrator_queue_queued"]);
        Assert.Equal(3, m["orchestrator_queue_claimable"]);
        Assert.Equal(0, m["orchestrator_queue_running"]);
        Assert.Equal(3, m["orchestrator_workers{state=\"bootstrapping\"}"]);
        Assert.Equal(0, m["orchestrator_workers{state=\"error\"}"]);
        Assert.Equal(3 * (double)service.Cloud.CostPerHour, m["orchestrator_fleet_cost_per_hour_usd"], 6);
        Assert.Equal(0, m["orchestrator_breaker_open"]);
        Assert.Equal(3, m["orchestrator_cycle_duration_seconds_count"]);
        Assert.Equal(3, m["orchestrator_cycle_duration_seconds_bucket{le=\"+Inf\"}"]);
        Assert.Equal(service.Now.ToUnixTimeSeconds(), m["orchestrator_last_cycle_timestamp_seconds"]);

        var doomed = service.Store.Workers[0].Id;
        for (var i = 0; i < 4; i++)
        {
            service.Advance(TimeSpan.FromSeconds(60));
            service.Heartbeat(w => w.Id != doomed);
            await service.CycleAsync();
        }
        service.Store.FailNextObserve = true;
        await service.CycleAsync();
        m = await MetricsAsync(service);
        Assert.Equal(7, m["orchestrator_cycles_total{result=\"ok\"}"]);
        Assert.Equal(1, m["orchestrator_cycles_total{result=\"failed\"}"]);
        Assert.Equal(1, m["orchestrator_cycle_consecutive_failures"]);
        Assert.Equal(8, m["orchestrator_cycle_duration_seconds_count"]);
        Assert.Equal(1, m["orchestrator_worker_failures_total{reason=\"heartbeat-stale\"}"]);
        Assert.Equal(1, m["orchestrator_terminations_total{reason=\"heartbeat-stale\"}"]);
        Assert.Equal(3, m["orchestrator_worker_transitions_total{to=\"active\",reason=\"first-heartbeat\"}"]);
        Assert.Equal(1, m["orchestrator_worker_transitions_total{to=\"terminated\",reason=\"heartbeat-stale\"}"]);
        Assert.Equal(2, m["orchestrator_workers{state=\"active\"}"]);
        Assert.Equal(4, m["orchestrator_spawns_total"]); // the queue of 3 is covered again after the loss
        Assert.Equal(WorkerState.Terminated, service.Store.Workers.Single(w => w.Id == doomed).State);
    }

    [Fact]
    public async Task Before_any_cycle_metrics_answer_with_zero_counters_and_no_fleet_gauges()
    {
        await using var service = await ObservedService.StartAsync();
        using var response = await service.Http.GetAsync(service.Url("/metrics"));
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var m = PrometheusText.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(0, m["orchestrator_cycles_total{result=\"ok\"}"]);
        Assert.Equal(0, m["orchestrator_spawns_total"]);
        Assert.DoesNotContain("orchestrator_queue_queued", m.Keys);
        Assert.DoesNotContain("orchestrator_last_cycle_timestamp_seconds", m.Keys);
    }

    private static async Task<Dictionary<string, double>> MetricsAsync(ObservedService service)
    {
        var (status, body) = await service.GetAsync("/metrics");
        Assert.Equal(200, status);
        return PrometheusText.Parse(body);
    }
}
