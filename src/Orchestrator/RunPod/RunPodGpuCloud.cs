using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Orchestrator.Core.Domain;
using Orchestrator.Core.Ports;

namespace Orchestrator.RunPod;

/// <summary>
/// <see cref="IGpuCloud"/> on RunPod, over either API dialect. Create looks the name up first (idempotent),
/// then walks the ranked placements: a stockout moves on and backs the (GPU type, data center) off;
/// auth and invalid input stop with <see cref="PodCreateOutcome.Rejected"/>; a transient failure throws,
/// because the pod may exist, and the next cycle finds it by name. Only pods with our name prefix are listed.
/// </summary>
public sealed class RunPodGpuCloud(IRunPodApi api, RunPodCatalog catalog, PlacementBackoff backoff, RunPodOptions options, ILogger<RunPodGpuCloud> logger) : IGpuCloud
{
    public IRunPodApi Api => api;

    /// <summary>The GPU-type and volume catalog placement uses (also read by <c>check</c>).</summary>
    public RunPodCatalog Catalog => catalog;

    public string NamePrefix => options.NamePrefix;

    public async Task<PodCreateOutcome> CreatePodAsync(PodRequest request, CancellationToken cancellationToken)
    {
        var workerId = request.WorkerId;
        var existing = (await api.ListPodsAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(p => p.Name == workerId && !p.IsGone);
        if (existing is not null)
        {
            RunPodLog.FoundByName(logger, existing.Id, workerId);
            return new PodCreateOutcome.Created(existing);
        }
        var plan = PlacementPlanner.Plan(options, await catalog.GetAsync(cancellationToken).ConfigureAwait(false));
        foreach (var reason in plan.Skipped)
        {
            RunPodLog.Skipped(logger, reason);
        }
        if (plan.Error is not null)
        {
            catalog.Invalidate();
            RunPodLog.Rejected(logger, workerId, nameof(ErrorKind.Configuration), plan.Error);
            return new PodCreateOutcome.Rejected(ErrorKind.Configuration, plan.Error);
        }
        var env = PodEnvironment.Build(workerId, options);
        var tried = new List<string>();
        foreach (var group in plan.Groups)
        {
            if (backoff.BackedOffUntil(group.Key) is { } until)
            {
                RunPodLog.BackedOff(logger, group.GpuTypeId, group.DataCenterId ?? "any", until);
                tried.Add($"{group.Key} backed off until {until:HH:mm:ss}");
                continue;
            }
            if (await TryGroupAsync(workerId, group, env, cancellationToken).ConfigureAwait(false) is { } outcome)
            {
                return outcome;
            }
            backoff.RecordStockout(group.Key);
            tried.Add($"{group.Key} out of stock");
        }
        var detail = tried.Count == 0 ? "no placement option" : string.Join("; ", tried.Concat(plan.Skipped));
        RunPodLog.NoCapacity(logger, workerId, detail);
        return new PodCreateOutcome.NoCapacity(detail);
    }

    /// <summary>Every memory tier of one placement; null when all were out of stock.</summary>
    private async Task<PodCreateOutcome?> TryGroupAsync(string workerId, PlacementGroup group, IReadOnlyList<KeyValuePair<string, string>> env, CancellationToken cancellationToken)
    {
        foreach (var memory in options.MemoryTiers)
        {
            var spec = Spec(workerId, group, memory, env);
            RunPodLog.CreateAttempt(logger, workerId, group.GpuTypeId, group.DataCenterId ?? "any", memory, PodEnvironment.Names(env));
            try
            {
                var pod = await api.CreatePodAsync(spec, cancellationToken).ConfigureAwait(false);
                backoff.RecordSuccess(group.Key);
                pod = pod with { Name = pod.Name.Length == 0 ? workerId : pod.Name, GpuType = group.GpuTypeId, DataCenter = group.DataCenterId, CostPerHour = pod.CostPerHour ?? group.PricePerHour };
                RunPodLog.Created(logger, pod.Id, workerId, group.GpuTypeId, group.DataCenterId ?? "any", pod.CostPerHour);
                return new PodCreateOutcome.Created(pod);
            }
            catch (CloudException ex) when (ex.Kind == ErrorKind.CloudCapacity)
            {
                RunPodLog.CapacityMiss(logger, workerId, group.GpuTypeId, group.DataCenterId ?? "any", memory, ex.Message);
            }
            catch (CloudException ex) when (ex.Kind is ErrorKind.Auth or ErrorKind.CloudApi or ErrorKind.Configuration)
            {
                RunPodLog.Rejected(logger, workerId, ex.Kind.ToString(), ex.Message);
                return new PodCreateOutcome.Rejected(ex.Kind, ex.Message);
            }
            catch (CloudException ex)
            {
                RunPodLog.OutcomeUnknown(logger, workerId, group.GpuTypeId, ex.Message);
                throw;
            }
        }
        return null;
    }

    private DeploySpec Spec(string workerId, PlacementGroup group, int memoryGb, IReadOnlyList<KeyValuePair<string, string>> env) => new()
    {
        Name = workerId,
        Image = options.Image,
        GpuTypeId = group.GpuTypeId,
        CloudType = options.CloudType,
        Spot = options.Spot,
        BidPerGpu = options.BidPerGpu,
        ContainerDiskGb = options.ContainerDiskGb,
        VolumeGb = options.VolumeGb,
        MinVcpuCount = options.MinVcpuCount,
        MinMemoryGb = memoryGb,
        NetworkVolumeId = group.NetworkVolumeId,
        DataCenterId = group.DataCenterId,
        VolumeMountPath = options.VolumeMountPath,
        Ports = options.Ports,
        StartSsh = options.StartSsh,
        SupportPublicIp = options.SupportPublicIp,
        Env = env,
    };

    public async Task<IReadOnlyList<PodInfo>> ListPodsAsync(CancellationToken cancellationToken) =>
        [.. (await api.ListPodsAsync(cancellationToken).ConfigureAwait(false)).Where(p => WorkerIds.HasPrefix(p.Name, options.NamePrefix))];

    public Task<PodInfo?> GetPodAsync(string podId, CancellationToken cancellationToken) => api.GetPodAsync(podId, cancellationToken);

    public async Task<TerminateOutcome> TerminatePodAsync(string podId, CancellationToken cancellationToken)
    {
        var outcome = await api.TerminatePodAsync(podId, cancellationToken).ConfigureAwait(false) ? TerminateOutcome.Requested : TerminateOutcome.AlreadyGone;
        RunPodLog.TerminateRequested(logger, podId, outcome.ToString());
        return outcome;
    }

    /// <summary>Terminates and polls until RunPod no longer lists the pod as alive, re-sending terminate each round. True when confirmed.</summary>
    public async Task<bool> TerminateAndConfirmAsync(string podId, TimeSpan timeout, TimeSpan poll, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await TerminatePodAsync(podId, cancellationToken).ConfigureAwait(false) == TerminateOutcome.AlreadyGone
                || await GetPodAsync(podId, cancellationToken).ConfigureAwait(false) is null or { IsGone: true })
            {
                RunPodLog.TerminateConfirmed(logger, podId, clock.ElapsedMilliseconds);
                return true;
            }
            if (clock.Elapsed >= timeout)
            {
                RunPodLog.TerminateUnconfirmed(logger, podId, clock.ElapsedMilliseconds);
                return false;
            }
            await Task.Delay(poll, cancellationToken).ConfigureAwait(false);
        }
    }
}
