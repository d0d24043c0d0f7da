namespace Orchestrator.Tests.Observability;

/// <summary>
/// Drives an <see cref="ObservedService"/> through cycles that touch every metric family: spawns,
/// a spawn without capacity, bootstraps, claimed tasks, a lost worker, an orphan pod, a failed cycle, RunPod calls; returns /metrics.
/// </summary>
internal static class MetricsScenario
{
    public static async Task<string> RunAsync(ObservedService service)
    {
        await service.SpawnAndBootstrapAsync(3);
        foreach (var worker in service.Store.Workers)
        {
            service.Store.ClaimNext(worker.Id, service.Now);
        }
        service.Cloud.AddForeignPod("gpu-20261101_115900-deadbeef");
        await service.CycleAsync();
        var doomed = service.Store.Workers[0].Id;
        for (var i = 0; i < 4; i++)
        {
            service.Advance(TimeSpan.FromSeconds(60));
            service.Heartbeat(w => w.Id != doomed);
            await service.CycleAsync();
        }
        service.Store.AddTask("wan_2_2_i2v", service.Now);
        service.Cloud.HasCapacity = false;
        await service.CycleAsync();                       // a spawn that gets no pod
        service.Metrics.OnCallCompleted("list-pods", "ok", TimeSpan.FromMilliseconds(120));
        service.Metrics.OnCallCompleted("create-pod", "cloud_capacity", TimeSpan.FromSeconds(2));
        service.Store.FailNextObserve = true;
        await service.CycleAsync();
        var (status, body) = await service.GetAsync("/metrics");
        return status == 200 ? body : throw new InvalidOperationException($"/metrics answered {status}");
    }
}
