namespace Orchestrator.Core.Ports;

/// <summary>
/// The store's durable history, for the operator's view: the last decisions of the audit table, the spend since an
/// instant and the oldest queued task. Read from the store (never from a process's memory), so a restarted service
/// or a replica that just took over answers the same. Read-only; bounded whatever the history's size; throws
/// <see cref="StoreException"/> when the store cannot answer (never an empty history for an error).
/// </summary>
public interface IFleetHistory
{
    Task<FleetHistory> ReadHistoryAsync(HistoryRequest request, CancellationToken cancellationToken);
}
