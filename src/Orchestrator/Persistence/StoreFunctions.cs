namespace Orchestrator.Persistence;

/// <summary>
/// The one definition of the store's queries: the SQL functions of migrations <c>010_rest_rpc.sql</c>,
/// <c>011_apply_change_heartbeat_guard.sql</c> and <c>012_observe_json.sql</c> (each body in one migration only). The PostgreSQL store calls them with <c>SELECT fn($1, ...)</c>,
/// the Supabase REST store through PostgREST (<c>/rest/v1/rpc/fn</c>); neither sends its own query text.
/// </summary>
public static class StoreFunctions
{
    public const string Observe = "orchestrator_observe";
    /// <summary>The observation as rows (a json head, then binary worker rows): the PostgreSQL store's, migration 018.</summary>
    public const string ObserveRows = "orchestrator_observe_rows";
    public const string Register = "orchestrator_register_worker";
    public const string Apply = "orchestrator_apply_change";
    public const string Requeue = "orchestrator_requeue_tasks";
    public const string AppendEvents = "orchestrator_append_events";
    public const string SetPaused = "orchestrator_set_paused";
    public const string MissingObjects = "orchestrator_missing_objects";
    public const string PinHostKey = "orchestrator_pin_host_key";
    public const string History = "orchestrator_status_history";

    /// <summary>Reigh's eligibility function; its presence decides how demand is counted.</summary>
    public const string EligibilitySignature = "count_eligible_tasks_service_role(boolean,text)";

    /// <summary>Every function the REST store calls (its start-up check); the PostgreSQL store observes with <see cref="ObserveRows"/> instead of <see cref="Observe"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = [Observe, Register, Apply, Requeue, AppendEvents, SetPaused, MissingObjects, PinHostKey, History];

    /// <summary>
    /// What the PostgreSQL store calls, with the exact signatures it calls them with (<c>to_regprocedure</c> text)
    /// and the migration that defines each: 011 replaced 010's <see cref="Apply"/> with one more argument.
    /// </summary>
    public static IReadOnlyList<StoreFunction> CalledByPostgres { get; } =
    [
        new(ObserveRows, "orchestrator_observe_rows(text[],timestamptz,timestamptz,text,text,timestamptz)", "018_observe_rows.sql"),
        new(Register, "orchestrator_register_worker(text,text,timestamptz)", "010_rest_rpc.sql"),
        new(Apply, "orchestrator_apply_change(text,text,text,timestamptz,text,text,text,numeric,integer,integer,timestamptz,text,jsonb,timestamptz)",
            "011_apply_change_heartbeat_guard.sql"),
        new(Requeue, "orchestrator_requeue_tasks(text,integer,text,timestamptz,boolean)", "016_spot.sql"),
        new(AppendEvents, "orchestrator_append_events(timestamptz[],uuid[],text[],text[],text[],text[])", "010_rest_rpc.sql"),
        new(SetPaused, "orchestrator_set_paused(boolean,text,timestamptz)", "010_rest_rpc.sql"),
        new(PinHostKey, "orchestrator_pin_host_key(text,text,timestamptz)", "014_host_key_pin.sql"),
        new(History, "orchestrator_status_history(timestamptz,timestamptz,integer,text,text)", "017_status_audit.sql"),
    ];
}
