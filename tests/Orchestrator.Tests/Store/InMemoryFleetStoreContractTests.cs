using Orchestrator.Simulation;
using Orchestrator.TestSupport;
using Orchestrator.Core.Options;
using Orchestrator.Core.Ports;

namespace Orchestrator.Tests.Store;

/// <summary>The store contract against <see cref="InMemoryFleetStore"/> (the simulator's and the cycle tests' store).</summary>
public sealed class InMemoryFleetStoreContractTests : FleetStoreContract
{
    private InMemoryFleetStore _store = null!;
    private DateTimeOffset _clock = Now;

    protected override Task<IFleetStore> CreateStoreAsync(DemandOptions demand)
    {
        _store = new InMemoryFleetStore(demand);
        return Task.FromResult<IFleetStore>(_store);
    }

    protected override Task<Guid> AddTaskAsync(string taskType, DateTimeOffset createdAt) => Task.FromResult(_store.AddTask(taskType, createdAt));

    protected override Task<Guid?> ClaimAsync(string workerId) => Task.FromResult(_store.ClaimNext(workerId, Tick())?.Id);

    protected override Task CompleteAsync(Guid taskId, string workerId) => Task.FromResult(_store.Complete(taskId, workerId, Tick()));

    protected override Task HeartbeatAsync(string workerId, string status)
    {
        _store.Heartbeat(workerId, Tick(), status);
        return Task.CompletedTask;
    }

    protected override Task<StoredTask> ReadTaskAsync(Guid taskId)
    {
        var task = _store.Tasks.Single(t => t.Id == taskId);
        return Task.FromResult(new StoredTask(task.Status, task.Attempts, task.WorkerId, task.ErrorMessage));
    }

    protected override Task<string?> ReadMetadataAsync(string workerId, string key) =>
        Task.FromResult(_store.Workers.Single(w => w.Id == workerId).Metadata.GetValueOrDefault(key));

    protected override Task<int> CountEventsAsync() => Task.FromResult(_store.Events.Count);

    private DateTimeOffset Tick() => _clock = _clock.AddMilliseconds(1);
}
