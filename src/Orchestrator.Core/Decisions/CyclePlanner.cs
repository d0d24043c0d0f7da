using Orchestrator.Core.Domain;
using Orchestrator.Core.Options;

namespace Orchestrator.Core.Decisions;

/// <summary>
/// Turns a snapshot into a plan: lifecycle step per worker, scaling decision on what remains,
/// and pods to reconcile. Pure.
/// </summary>
public sealed class CyclePlanner(IScalingPolicy policy, HealthOptions health, BreakerOptions breaker, CycleOptions cycle)
{
    public CyclePlan Plan(FleetSnapshot snapshot)
    {
        var now = snapshot.Now;
        var podsById = snapshot.Pods.GroupBy(p => p.Id).ToDictionary(g => g.Key, g => g.First());
        var podsByName = snapshot.Pods.Where(p => !p.IsGone).GroupBy(p => p.Name).ToDictionary(g => g.Key, g => g.First());
        var steps = snapshot.Workers
            .Where(w => w.State != WorkerState.Terminated)
            .Select(w => Step(w, FindPod(w, podsById, podsByName), now))
            .ToList();
        var breakerState = FailureBreaker.Evaluate(snapshot.RecentOutcomes, breaker, now);
        var spend = snapshot.Pods.Where(p => !p.IsGone).Sum(p => p.CostPerHour ?? 0m);
        var remaining = steps.Where(s => s.Transition.To.IsCapacity()).Select(AfterStep(now)).ToList();
        var scaling = policy.Decide(new ScalingInput(snapshot.Demand, remaining, breakerState, snapshot.Paused, spend, now));
        var drains = steps.Where(s => scaling.Terminate.Contains(s.Worker.Id)).Select(s => s with
        {
            Transition = new WorkerTransition(s.Worker.State, WorkerState.Draining, scaling.ReasonFor(s.Worker.Id), LifecycleAction.TerminatePod),
        });
        var transitions = steps.Where(s => !scaling.Terminate.Contains(s.Worker.Id)).Concat(drains).ToList();
        return new CyclePlan
        {
            Transitions = transitions,
            Scaling = scaling,
            Breaker = breakerState,
            PodsToTerminate = Reconcile(snapshot),
            SpendPerHour = spend,
            WorkersByState = snapshot.Workers.GroupBy(w => w.State).ToDictionary(g => g.Key, g => g.Count()),
        };
    }

    private PlannedTransition Step(WorkerView worker, PodInfo? pod, DateTimeOffset now) =>
        new(worker, pod, WorkerLifecycle.Next(worker, pod, health, now));

    private static PodInfo? FindPod(WorkerView worker, Dictionary<string, PodInfo> byId, Dictionary<string, PodInfo> byName) =>
        worker.PodId is { } id && byId.TryGetValue(id, out var pod) ? pod
        : byName.TryGetValue(worker.Id, out var named) ? named
        : null;

    /// <summary>The worker as the policy should see it after this cycle's step (a promotion makes it active now).</summary>
    private static Func<PlannedTransition, WorkerView> AfterStep(DateTimeOffset now) => step =>
        step.Transition.ChangesState ? step.Worker with { State = step.Transition.To, StateSince = now } : step.Worker;

    /// <summary>
    /// Pods with our prefix that no live worker owns: a terminated worker's pod came back or never
    /// went (terminate again at once); a second pod under a worker's name that is not the worker's own
    /// pod (two creators raced) is terminated at once; a pod with no worker row at all after a grace, or at once
    /// when it is dead (exited, failed, unknown status: it may bill and will not run again). Only a terminated pod is skipped.
    /// </summary>
    private List<PodReconciliation> Reconcile(FleetSnapshot snapshot)
    {
        var byId = snapshot.Workers.ToDictionary(w => w.Id);
        var result = new List<PodReconciliation>();
        foreach (var pod in snapshot.Pods.Where(p => !p.IsGone))
        {
            var owner = byId.GetValueOrDefault(pod.Name) ?? snapshot.Workers.FirstOrDefault(w => w.PodId == pod.Id);
            if (owner is { State: WorkerState.Terminated })
            {
                result.Add(new PodReconciliation(pod, ReasonCodes.ResurrectedPod));
            }
            else if (owner is { PodId: { } ownPod } && ownPod != pod.Id)
            {
                result.Add(new PodReconciliation(pod, ReasonCodes.DuplicatePod));
            }
            else if (owner is null && pod.IsDead)
            {
                result.Add(new PodReconciliation(pod, $"{ReasonCodes.OrphanPod}:{ReasonCodes.PodDead}:{pod.StatusLabel}"));
            }
            else if (owner is null && PodAge(pod, snapshot.Now) >= health.OrphanPodGrace)
            {
                result.Add(new PodReconciliation(pod, ReasonCodes.OrphanPod));
            }
        }
        return result;
    }

    /// <summary>Age from the timestamp in the worker id, or the pod's uptime when the name does not parse.</summary>
    private TimeSpan PodAge(PodInfo pod, DateTimeOffset now) =>
        WorkerIds.TryParseCreatedAt(pod.Name, cycle.WorkerPrefix, out var created)
            ? now - created
            : TimeSpan.FromSeconds(pod.UptimeSeconds ?? 0);
}
