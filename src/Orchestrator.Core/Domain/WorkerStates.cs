namespace Orchestrator.Core.Domain;

/// <summary>Helpers over <see cref="WorkerState"/> with the database spelling of each state.</summary>
public static class WorkerStates
{
    public static string ToDb(this WorkerState state) => state switch
    {
        WorkerState.Requested => "requested",
        WorkerState.Spawning => "spawning",
        WorkerState.Bootstrapping => "bootstrapping",
        WorkerState.Active => "active",
        WorkerState.Draining => "draining",
        WorkerState.Error => "error",
        WorkerState.Terminated => "terminated",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    public static WorkerState FromDb(string value) => TryFromDb(value, out var state)
        ? state
        : throw new FormatException($"unknown worker state '{value}'");

    public static bool TryFromDb(string? value, out WorkerState state)
    {
        foreach (var candidate in Enum.GetValues<WorkerState>())
        {
            if (string.Equals(candidate.ToDb(), value, StringComparison.OrdinalIgnoreCase))
            {
                state = candidate;
                return true;
            }
        }
        state = default;
        return false;
    }

    /// <summary>States that count as capacity covering demand (booting or working).</summary>
    public static bool IsCapacity(this WorkerState state) =>
        state is WorkerState.Requested or WorkerState.Spawning or WorkerState.Bootstrapping or WorkerState.Active;

    /// <summary>States in which a pod may still be billing.</summary>
    public static bool IsLive(this WorkerState state) => state != WorkerState.Terminated;

    /// <summary>States still booting (not yet proven by a heartbeat).</summary>
    public static bool IsBooting(this WorkerState state) =>
        state is WorkerState.Requested or WorkerState.Spawning or WorkerState.Bootstrapping;
}
