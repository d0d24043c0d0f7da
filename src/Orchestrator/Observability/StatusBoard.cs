using Orchestrator.Core.Cycle;

namespace Orchestrator.Observability;

/// <summary>
/// What the status page shows from this process's memory, kept from the cycles' reports: the last cycle (ok or
/// not) and the last successful one (demand, plan, workers as observed, kill switch). The audit decisions come from
/// the store instead (<see cref="StatusHistory"/>), so a restarted replica shows them at once. Thread-safe; reads no store.
/// </summary>
public sealed class StatusBoard
{
    private readonly Lock _gate = new();
    private CycleReport? _lastCycle;
    private CycleReport? _lastSuccess;

    public void Record(CycleReport report)
    {
        lock (_gate)
        {
            _lastCycle = report;
            if (report.Succeeded && report.Plan is not null)
            {
                _lastSuccess = report;
            }
        }
    }

    public StatusBoardView View()
    {
        lock (_gate)
        {
            return new StatusBoardView(_lastCycle, _lastSuccess);
        }
    }
}

/// <summary>A consistent copy of the board: the reports are immutable records.</summary>
public sealed record StatusBoardView(CycleReport? LastCycle, CycleReport? LastSuccess);
