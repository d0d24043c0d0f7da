namespace Orchestrator.Supabase;

/// <summary>
/// The RPC functions of <c>Sql/010_rest_rpc.sql</c> (and <c>011_apply_change_heartbeat_guard.sql</c>, which replaces <see cref="Apply"/>) that the REST store calls, and the objects whose
/// absence the start-up check reports.
/// </summary>
public static class RestRpc
{
    public const string Observe = "orchestrator_observe";
    public const string Register = "orchestrator_register_worker";
    public const string Apply = "orchestrator_apply_change";
    public const string Requeue = "orchestrator_requeue_tasks";
    public const string AppendEvents = "orchestrator_append_events";
    public const string SetPaused = "orchestrator_set_paused";
    public const string MissingObjects = "orchestrator_missing_objects";

    /// <summary>Reigh's edge function that counts claimable work (what the Python service scaled on).</summary>
    public const string TaskCounts = "task-counts";

    /// <summary>Functions installed by the service's migration.</summary>
    public static IReadOnlyList<string> Functions { get; } =
        [Observe, Register, Apply, Requeue, AppendEvents, SetPaused, MissingObjects];

    /// <summary>Everything the REST store needs in the project: its functions, its tables and Reigh's.</summary>
    public static IReadOnlyList<string> Required { get; } =
        [.. Functions, "orchestrator_workers", "orchestrator_events", "orchestrator_control", "workers", "tasks"];
}
