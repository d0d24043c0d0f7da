using Orchestrator.Persistence;

namespace Orchestrator.Supabase;

/// <summary>
/// The store functions (<see cref="StoreFunctions"/>: migrations 010 and 011) as the REST store calls them through
/// PostgREST, Reigh's edge function, and the objects whose absence the start-up check reports.
/// </summary>
public static class RestRpc
{
    public const string Observe = StoreFunctions.Observe;
    public const string Register = StoreFunctions.Register;
    public const string Apply = StoreFunctions.Apply;
    public const string Requeue = StoreFunctions.Requeue;
    public const string AppendEvents = StoreFunctions.AppendEvents;
    public const string SetPaused = StoreFunctions.SetPaused;
    public const string MissingObjects = StoreFunctions.MissingObjects;
    public const string PinHostKey = StoreFunctions.PinHostKey;
    public const string History = StoreFunctions.History;

    /// <summary>Reigh's edge function that counts claimable work (what the Python service scaled on).</summary>
    public const string TaskCounts = "task-counts";

    /// <summary>Functions installed by the service's migration.</summary>
    public static IReadOnlyList<string> Functions => StoreFunctions.Names;

    /// <summary>Everything the REST store needs in the project: its functions, its tables and Reigh's.</summary>
    public static IReadOnlyList<string> Required { get; } =
        [.. Functions, "orchestrator_workers", "orchestrator_events", "orchestrator_control", "workers", "tasks"];
}
