using Orchestrator.Observability;
using Orchestrator.RunPod;
using Orchestrator.Tests.RunPod;
using Xunit;

namespace Orchestrator.Tests.Observability;

/// <summary>The histograms added with prometheus-net: bootstrap duration, task wait, RunPod call latency.</summary>
public sealed class MetricsHistogramTests
{
    [Fact]
    public async Task Bootstrap_outcomes_and_each_claimed_tasks_wait_are_observed_once()
    {
        await using var service = await ObservedService.StartAsync(("HEARTBEAT_TIMEOUT_SEC", "600"), ("MAX_HOURLY_SPEND_USD", "12.5"));
        await service.SpawnAndBootstrapAsync(3);
        foreach (var worker in service.Store.Workers)
        {
            Assert.NotNull(service.Store.ClaimNext(worker.Id, service.Now)); // each waited 60 s
        }
        await service.CycleAsync();
        service.Advance(TimeSpan.FromSeconds(30));
        service.Heartbeat();
        await service.CycleAsync();                       // the same running tasks: not observed again

        var m = PrometheusText.Parse((await service.GetAsync("/metrics")).Body);
        Assert.Equal(3, m["orchestrator_bootstraps_total{reason=\"launched\"}"]);
        Assert.Equal(3, m["orchestrator_bootstrap_duration_seconds_count{outcome=\"launched\"}"]);
        Assert.Equal(3, m["orchestrator_task_wait_seconds_count"]);
        Assert.Equal(180, m["orchestrator_task_wait_seconds_sum"]);
        Assert.Equal(0, m["orchestrator_task_wait_seconds_bucket{le=\"30\"}"]);
        Assert.Equal(3, m["orchestrator_task_wait_seconds_bucket{le=\"60\"}"]);
        Assert.Equal(12.5, m["orchestrator_spend_cap_per_hour_usd"]);
        Assert.Equal(0, m["orchestrator_unowned_pods{reason=\"orphan-pod\"}"]);
    }

    [Fact]
    public async Task A_pod_billing_without_a_worker_row_is_counted_as_unowned()
    {
        await using var service = await ObservedService.StartAsync();
        service.Cloud.AddForeignPod("gpu-20261101_115900-deadbeef");
        service.Advance(TimeSpan.FromHours(1)); // past the orphan grace
        await service.CycleAsync();
        var m = PrometheusText.Parse((await service.GetAsync("/metrics")).Body);
        Assert.Equal(1, m["orchestrator_unowned_pods{reason=\"orphan-pod\"}"]);
        Assert.Equal(1, m["orchestrator_terminations_total{reason=\"orphan-pod\"}"]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RunPod_calls_are_timed_by_operation_and_outcome(bool rest)
    {
        await using var harness = await RunPodHarness.StartAsync(rest);
        var metrics = new FleetMetrics(TimeProvider.System);
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var cloud = RunPodFactory.Create(harness.Options, http, harness.Loggers, harness.Clock, metrics);
        await cloud.ListPodsAsync(CancellationToken.None);
        harness.Fake.Fail(new FakeFault(FakeFaultKind.Unauthorized, "list"));
        await Assert.ThrowsAsync<Orchestrator.Core.Ports.CloudException>(() => cloud.ListPodsAsync(CancellationToken.None));
        Assert.Null(await cloud.GetPodAsync("no-such-pod", CancellationToken.None));

        var m = PrometheusText.Parse(await metrics.RenderAsync());
        const string Count = "orchestrator_runpod_request_duration_seconds_count";
        Assert.Equal(1, m[Count + "{operation=\"list-pods\",outcome=\"ok\"}"]);
        Assert.Equal(1, m[Count + "{operation=\"list-pods\",outcome=\"auth\"}"]);
        // REST answers 404 for an unknown pod; GraphQL answers an empty pod, a successful call.
        Assert.Equal(1, m[Count + (rest ? "{operation=\"get-pod\",outcome=\"not_found\"}" : "{operation=\"get-pod\",outcome=\"ok\"}")]);
        Assert.Equal(3, m.Where(s => s.Key.StartsWith(Count, StringComparison.Ordinal)).Sum(s => s.Value));
    }
}
