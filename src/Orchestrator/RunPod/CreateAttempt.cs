using Microsoft.Extensions.Logging;
using Orchestrator.Core.Domain;
using Orchestrator.Core.Ports;

namespace Orchestrator.RunPod;

/// <summary>
/// The create calls of one worker's placement walk, and RunPod's table applied to each answer. Memory
/// tiers are walked only where the dialect has them (GraphQL <c>minMemoryInGb</c>); REST v2 makes one
/// call per placement, since RunPod sizes RAM from the GPU type.
/// </summary>
internal sealed class CreateAttempt(
    IRunPodApi api, RunPodOptions options, RunPodMetrics metrics, ILogger logger, string workerId,
    IReadOnlyList<KeyValuePair<string, string>> env, Func<string, CancellationToken, Task<PodInfo?>> findByName, bool spot = false)
{
    private readonly IReadOnlyList<int?> _tiers = api.HasMemoryTiers ? [.. options.MemoryTiers.Select(t => (int?)t)] : [null];

    /// <summary>The outcome, or null when this placement could not be used (unplaceable on every tier, or forbidden).</summary>
    public async Task<PodCreateOutcome?> TryGroupAsync(PlacementGroup group, PlacementWalk walk, CancellationToken cancellationToken)
    {
        string? miss = null;
        foreach (var memory in _tiers)
        {
            var spec = Spec(group, memory);
            RunPodLog.CreateAttempt(logger, workerId, group.GpuTypeId, group.DataCenterId ?? "any", memory, PodEnvironment.Names(env));
            CreateAnswer answer;
            try
            {
                answer = await CreateAsync(spec, group, cancellationToken).ConfigureAwait(false);
            }
            catch (CloudException ex) when (ex.Kind == ErrorKind.Configuration)
            {
                RunPodLog.Rejected(logger, workerId, ex.Kind.ToString(), ex.Message);
                return new PodCreateOutcome.Rejected(ex.Kind, ex.Message);
            }
            switch (answer)
            {
                case CreateAnswer.Created created:
                    return Created(created.Pod, group);
                case CreateAnswer.Refused { Reason: CreateRefusal.Unplaceable } unplaceable:
                    metrics.Refused(unplaceable.Reason);
                    RunPodLog.CapacityMiss(logger, workerId, group.GpuTypeId, group.DataCenterId ?? "any", memory, unplaceable.Detail);
                    miss = unplaceable.Detail;
                    break;
                case CreateAnswer.Refused { Reason: CreateRefusal.Forbidden } forbidden:
                    metrics.Refused(forbidden.Reason);
                    RunPodLog.PoolForbidden(logger, workerId, group.GpuTypeId, group.DataCenterId ?? "any", forbidden.Detail);
                    walk.Forbidden(group, forbidden.Detail);
                    return null;
                case CreateAnswer.Refused { Reason: CreateRefusal.Invalid } invalid when spot:
                    // RunPod's own refusal of the interruptible rental (a bid below the minimum, spot not offered here):
                    // no spot to rent, the cycle rents this worker on demand instead.
                    metrics.Refused(invalid.Reason);
                    RunPodLog.Rejected(logger, workerId, "spot", invalid.Detail);
                    return new PodCreateOutcome.SpotUnavailable($"RunPod refused the spot rental of {group.GpuTypeId}: {invalid.Detail}");
                case CreateAnswer.Refused refused:
                    metrics.Refused(refused.Reason);
                    return Stop(refused);
            }
        }
        walk.Unplaceable(group, miss ?? "unplaceable");
        return null;
    }

    private PodCreateOutcome Created(PodInfo pod, PlacementGroup group)
    {
        metrics.Created();
        pod = pod with
        {
            Name = pod.Name.Length == 0 ? workerId : pod.Name,
            GpuType = group.GpuTypeId,
            DataCenter = pod.DataCenter ?? group.DataCenterId,
            CostPerHour = pod.CostPerHour ?? group.PricePerHour,
        };
        RunPodLog.Created(logger, pod.Id, workerId, group.GpuTypeId, pod.DataCenter ?? "any", pod.CostPerHour);
        return new PodCreateOutcome.Created(pod);
    }

    /// <summary>A refusal that ends this create (and this cycle's spawning).</summary>
    private PodCreateOutcome Stop(CreateAnswer.Refused refused)
    {
        var (kind, detail) = refused.Reason switch
        {
            CreateRefusal.Contract => (ErrorKind.Configuration, $"RunPod refused the create body as not matching its contract (fix the configuration; not retried): {refused.Detail}"),
            CreateRefusal.Balance => (ErrorKind.CloudApi, $"insufficient RunPod balance: spawning stops until it is topped up: {refused.Detail}"),
            CreateRefusal.RateLimited => (ErrorKind.Transient, $"rate limited after honouring Retry-After; nothing was created, the next cycle resumes: {refused.Detail}"),
            CreateRefusal.Auth => (ErrorKind.Auth, refused.Detail),
            _ => (ErrorKind.CloudApi, refused.Detail),
        };
        if (refused.Reason == CreateRefusal.Contract)
        {
            RunPodLog.ContractViolation(logger, workerId, api.Dialect, refused.Detail);
        }
        RunPodLog.Rejected(logger, workerId, kind.ToString(), detail);
        return new PodCreateOutcome.Rejected(kind, detail);
    }

    /// <summary>
    /// One create at one placement. A 5xx is retried on the same candidate (RunPod's table), but only after a
    /// look-up by name shows nothing was created; when the retries run out the outcome is unknown and this throws.
    /// </summary>
    private async Task<CreateAnswer> CreateAsync(DeploySpec spec, PlacementGroup group, CancellationToken cancellationToken)
    {
        for (var retry = 0; ; retry++)
        {
            CreateAnswer answer;
            try
            {
                answer = await api.CreatePodAsync(spec, cancellationToken).ConfigureAwait(false);
            }
            catch (CloudException ex) when (ex.Kind == ErrorKind.Transient)
            {
                // A timeout or a lost answer: the pod may exist. One look-up by name settles it now if it can;
                // never a second create (it could duplicate a create RunPod is still working on).
                RunPodLog.OutcomeUnknown(logger, workerId, group.GpuTypeId, ex.Message);
                if (await FindAfterUnknownAsync(cancellationToken).ConfigureAwait(false) is { } found)
                {
                    return new CreateAnswer.Created(found);
                }
                throw;
            }
            if (answer is not CreateAnswer.Refused { Reason: CreateRefusal.ServerError } failed)
            {
                return answer;
            }
            metrics.Refused(failed.Reason);
            if (retry >= options.CreateServerErrorRetries)
            {
                RunPodLog.OutcomeUnknown(logger, workerId, group.GpuTypeId, failed.Detail);
                throw new CloudException(ErrorKind.Transient, $"RunPod create: {failed.Detail} (after {retry} retries; the next cycle looks the pod up by name)");
            }
            var delay = options.RetryBaseDelay * Math.Pow(2, retry);
            RunPodLog.Retrying(logger, retry + 1, (long)delay.TotalMilliseconds, failed.Detail);
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            if (await findByName(workerId, cancellationToken).ConfigureAwait(false) is { } pod)
            {
                return new CreateAnswer.Created(pod);
            }
        }
    }

    /// <summary>The pod under this worker's name, or null when it is not listed or the look-up failed too (the next cycle looks again).</summary>
    private async Task<PodInfo?> FindAfterUnknownAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await findByName(workerId, cancellationToken).ConfigureAwait(false);
        }
        catch (CloudException)
        {
            return null;
        }
    }

    private DeploySpec Spec(PlacementGroup group, int? memoryGb) => new()
    {
        Name = workerId,
        Image = options.Image,
        GpuTypeId = group.GpuTypeId,
        CloudType = options.CloudType,
        Spot = spot,
        BidPerGpu = spot ? options.BidPerGpu : null,
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
}
