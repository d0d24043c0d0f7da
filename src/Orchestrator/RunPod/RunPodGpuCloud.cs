using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Orchestrator.Core.Domain;
using Orchestrator.Core.Ports;

namespace Orchestrator.RunPod;

/// <summary>
/// <see cref="IGpuCloud"/> on RunPod, over either API dialect. Create looks the name up first (idempotent),
/// then walks the ranked placements and answers each refusal by RunPod's table (<see cref="CreateRefusal"/>):
/// unplaceable (400) moves on and backs the (GPU type, data center) off; forbidden (403) skips the candidate;
/// a contract violation (422), insufficient balance (402), auth and invalid input stop with
/// <see cref="PodCreateOutcome.Rejected"/>; a 5xx retries the same candidate once nothing was created under
/// the name; a timeout or lost answer throws, because the pod may exist, and the next cycle finds it by name.
/// Only pods with our name prefix are listed.
/// </summary>
public sealed class RunPodGpuCloud(IRunPodApi api, RunPodCatalog catalog, PlacementBackoff backoff, RunPodOptions options, RunPodMetrics metrics, ILogger<RunPodGpuCloud> logger) : IGpuCloud, IDisposable
{
    /// <summary>Disposes the adapter's meter (the container disposes the cloud with itself).</summary>
    public void Dispose() => metrics.Dispose();

    private readonly UnknownStatusLog _unknown = new(logger);

    public IRunPodApi Api => api;

    /// <summary>The GPU-type and volume catalog placement uses (also read by <c>check</c>).</summary>
    public RunPodCatalog Catalog => catalog;

    public RunPodMetrics Metrics => metrics;

    /// <summary>The placements skipped for now after a refusal (read by the status page).</summary>
    public PlacementBackoff Backoff => backoff;

    public string NamePrefix => options.NamePrefix;

    public async Task<PodCreateOutcome> CreatePodAsync(PodRequest request, CancellationToken cancellationToken)
    {
        var workerId = request.WorkerId;
        if (!request.NewName && await FindByNameAsync(workerId, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            RunPodLog.FoundByName(logger, existing.Id, workerId);
            return new PodCreateOutcome.Created(existing);
        }
        var spot = request.Spot && options.Spot;
        var plan = PlacementPlanner.Plan(options, await catalog.GetAsync(cancellationToken).ConfigureAwait(false), spot);
        foreach (var reason in plan.Skipped)
        {
            RunPodLog.Skipped(logger, reason);
        }
        if (plan.Error is not null && spot)
        {
            RunPodLog.NoCapacity(logger, workerId, $"spot: {plan.Error}");
            return new PodCreateOutcome.SpotUnavailable($"no spot to rent: {plan.Error}");
        }
        if (plan.Error is not null)
        {
            catalog.Invalidate();
            RunPodLog.Rejected(logger, workerId, nameof(ErrorKind.Configuration), plan.Error);
            return new PodCreateOutcome.Rejected(ErrorKind.Configuration, plan.Error);
        }
        var attempt = new CreateAttempt(api, options, metrics, logger, workerId, PodEnvironment.Build(workerId, options), FindByNameAsync, spot);
        return Finish(workerId, spot, plan, await WalkAsync(plan, attempt, spot, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Tries the placements in order: an outcome (created, or a refusal that stops the walk), or the walk's record when none
    /// answered. A spot stockout says nothing about on-demand stock of the same pool, so only on-demand creates use the
    /// back-off (spot refusals are backed off as a whole by the cycle's <c>SpotFallback</c>).
    /// </summary>
    private async Task<(PodCreateOutcome? Outcome, PlacementWalk Walk)> WalkAsync(PlacementPlan plan, CreateAttempt attempt, bool spot, CancellationToken cancellationToken)
    {
        var walk = new PlacementWalk();
        foreach (var group in plan.Groups)
        {
            if (!spot && backoff.BackedOffUntil(group.Key) is { } until)
            {
                RunPodLog.BackedOff(logger, group.GpuTypeId, group.DataCenterId ?? "any", until);
                walk.BackedOff(group, until);
                continue;
            }
            if (await attempt.TryGroupAsync(group, walk, cancellationToken).ConfigureAwait(false) is { } outcome)
            {
                if (outcome is PodCreateOutcome.Created && !spot)
                {
                    backoff.RecordSuccess(group.Key);
                }
                return (outcome, walk);
            }
            if (!spot)
            {
                backoff.RecordStockout(group.Key, walk.Last);
            }
        }
        return (null, walk);
    }

    /// <summary>The walk's answer; for a spot create, no capacity anywhere is <see cref="PodCreateOutcome.SpotUnavailable"/>.</summary>
    private PodCreateOutcome Finish(string workerId, bool spot, PlacementPlan plan, (PodCreateOutcome? Outcome, PlacementWalk Walk) walked)
    {
        var result = walked.Outcome ?? walked.Walk.Finish(plan.Skipped);
        if (walked.Outcome is not null)
        {
            return result;
        }
        if (spot && result is PodCreateOutcome.NoCapacity noSpot)
        {
            RunPodLog.NoCapacity(logger, workerId, $"spot: {noSpot.Detail}");
            return new PodCreateOutcome.SpotUnavailable($"no spot stock: {noSpot.Detail}");
        }
        if (result is PodCreateOutcome.NoCapacity miss)
        {
            RunPodLog.NoCapacity(logger, workerId, miss.Detail);
        }
        else if (result is PodCreateOutcome.Rejected rejected)
        {
            RunPodLog.Rejected(logger, workerId, rejected.Kind.ToString(), rejected.Detail);
        }
        return result;
    }

    /// <summary>A pod under this name that still lives (a dead one is not adopted; reconciliation terminates it).</summary>
    private async Task<PodInfo?> FindByNameAsync(string workerId, CancellationToken cancellationToken) =>
        _unknown.Note(await api.ListPodsAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(p => p.Name == workerId && !p.IsDead);

    public async Task<IReadOnlyList<PodInfo>> ListPodsAsync(CancellationToken cancellationToken) =>
        [.. _unknown.Note(await api.ListPodsAsync(cancellationToken).ConfigureAwait(false)).Where(p => WorkerIds.HasPrefix(p.Name, options.NamePrefix))];

    public async Task<PodInfo?> GetPodAsync(string podId, CancellationToken cancellationToken) =>
        await api.GetPodAsync(podId, cancellationToken).ConfigureAwait(false) is { } pod ? _unknown.Note([pod])[0] : null;

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
