using Orchestrator.Core.Domain;
using Orchestrator.Core.Ports;

namespace Orchestrator.Simulation;

/// <summary>The store's history (<see cref="IFleetHistory"/>) as migration 017's <c>orchestrator_status_history</c> computes it.</summary>
public sealed partial class InMemoryFleetStore
{
    private const int MaxDecisions = 200;

    public Task<FleetHistory> ReadHistoryAsync(HistoryRequest request, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var decisions = Enumerable.Reverse(_events)
                .Where(e => e.Kind != "cycle" || e.Reason != FleetHistory.SteadyCycle)
                .Take(Math.Clamp(request.Decisions, 0, MaxDecisions))
                .ToList();
            var spend = _workers.Values.Where(w => w.CostPerHour is not null).Sum(w => w.CostPerHour!.Value * HoursAlive(w, request));
            return Task.FromResult(new FleetHistory(decisions, Math.Round(spend, 4), _queue.Count > 0 ? _queue[0].CreatedAt : null));
        }
    }

    /// <summary>Hours of the worker's life (registered to terminated, or now) after the request's start.</summary>
    private static decimal HoursAlive(InMemoryWorker w, HistoryRequest request)
    {
        var end = w.State == WorkerState.Terminated && w.StateSince < request.Now ? w.StateSince : request.Now;
        var start = w.CreatedAt > request.SpendSince ? w.CreatedAt : request.SpendSince;
        return end > start ? (decimal)(end - start).TotalSeconds / 3600m : 0m;
    }
}
