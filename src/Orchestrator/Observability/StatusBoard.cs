using Orchestrator.Core.Cycle;
using Orchestrator.Core.Ports;

namespace Orchestrator.Observability;

/// <summary>
/// What the status page shows, kept in memory from the cycles' reports: the last cycle (ok or not), the last
/// successful one (demand, plan, workers as observed, kill switch) and the last <see cref="Capacity"/> audit events
/// the cycles produced, newest last. Bounded; thread-safe; reads no store.
/// </summary>
public sealed class StatusBoard
{
    public const int Capacity = 50;

    private readonly Lock _gate = new();
    private readonly Queue<ScalingEvent> _events = new(Capacity);
    private CycleReport? _lastCycle;
    private CycleReport? _lastSuccess;

    public void Record(CycleReport report)
    {
        lock (_gate)
        {
            _lastCycle = report;
            if (!report.Succeeded || report.Plan is null)
            {
                return;
            }
            _lastSuccess = report;
            var reason = report.Plan.Scaling.SpawnReason is { Length: > 0 } r ? r : "steady";
            foreach (var e in report.Events.Prepend(new ScalingEvent(report.StartedAt, report.CycleId, "cycle", null, reason)))
            {
                if (_events.Count == Capacity)
                {
                    _events.Dequeue();
                }
                _events.Enqueue(e);
            }
        }
    }

    public StatusBoardView View()
    {
        lock (_gate)
        {
            return new StatusBoardView(_lastCycle, _lastSuccess, [.. _events]);
        }
    }
}

/// <summary>A consistent copy of the board: the reports are immutable records, the events a fresh list.</summary>
public sealed record StatusBoardView(CycleReport? LastCycle, CycleReport? LastSuccess, IReadOnlyList<ScalingEvent> Events);
