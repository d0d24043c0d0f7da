using Orchestrator.Core.Domain;

namespace Orchestrator.Tests.Decisions;

/// <summary>Terse builders for worker views in decision tests.</summary>
internal static class Workers
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    public static WorkerView Active(string id, int running = 0, TimeSpan? idleFor = null, DateTimeOffset? now = null) => new()
    {
        Id = id,
        State = WorkerState.Active,
        StateSince = (now ?? T0) - TimeSpan.FromHours(2),
        CreatedAt = (now ?? T0) - TimeSpan.FromHours(2),
        PodId = "pod-" + id,
        LastHeartbeat = (now ?? T0) - TimeSpan.FromSeconds(10),
        RunningTasks = running,
        LastWorkAt = running > 0 ? (now ?? T0) - TimeSpan.FromSeconds(30) : (now ?? T0) - (idleFor ?? TimeSpan.FromHours(1)),
    };

    public static WorkerView Booting(string id, WorkerState state = WorkerState.Spawning, DateTimeOffset? now = null) => new()
    {
        Id = id,
        State = state,
        StateSince = (now ?? T0) - TimeSpan.FromMinutes(1),
        CreatedAt = (now ?? T0) - TimeSpan.FromMinutes(1),
        PodId = state == WorkerState.Requested ? null : "pod-" + id,
    };

    public static DemandSignal Demand(int claimable, int queued = -1, int running = 0) =>
        new(queued < 0 ? claimable : queued, claimable, running, "test");
}
