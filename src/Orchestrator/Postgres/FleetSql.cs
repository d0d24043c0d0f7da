namespace Orchestrator.Postgres;

/// <summary>
/// The statements of <see cref="NpgsqlFleetStore"/>. Each write is one statement; the observation is
/// a fixed set of set-based queries sent as one batch, whatever the fleet size or history.
/// </summary>
internal static class FleetSql
{
    /// <summary>$1 pod names (text[]). Live workers, workers named by pods, and per-worker task aggregates.</summary>
    public const string ObserveWorkers = """
        WITH seen AS (
          SELECT o.worker_id, o.state, o.state_since, o.created_at, o.pod_id, o.gpu_type, o.cost_per_hr,
                 o.health_failures, o.bootstrap_attempts, o.launched_at, o.reason
            FROM orchestrator_workers o
           WHERE o.state <> 'terminated' OR o.worker_id = ANY($1)
          UNION ALL
          SELECT w.id, 'terminated', w.created_at, w.created_at, NULL, NULL, NULL, 0, 0, NULL, NULL
            FROM workers w
           WHERE w.id = ANY($1) AND NOT EXISTS (SELECT FROM orchestrator_workers o WHERE o.worker_id = w.id)
        ), work AS (
          SELECT t.worker_id,
                 count(*) FILTER (WHERE t.status = 'In Progress') AS running,
                 max(greatest(t.generation_started_at, t.generation_processed_at)) AS last_work
            FROM tasks t
           WHERE t.worker_id IN (SELECT worker_id FROM seen)
           GROUP BY t.worker_id
        ), oldest AS (
          SELECT DISTINCT ON (t.worker_id) t.worker_id, t.id, t.task_type, t.generation_started_at
            FROM tasks t
           WHERE t.worker_id IN (SELECT worker_id FROM seen) AND t.status = 'In Progress'
             AND t.generation_started_at IS NOT NULL AND t.task_type NOT ILIKE '%orchestrator%'
           ORDER BY t.worker_id, t.generation_started_at
        )
        SELECT s.worker_id, s.state, s.state_since, coalesce(w.created_at, s.created_at), s.pod_id,
               coalesce(s.gpu_type, w.instance_type), coalesce(w.status, 'inactive'), w.last_heartbeat,
               s.launched_at, coalesce(k.running, 0)::int, od.id, od.task_type, od.generation_started_at,
               k.last_work, s.health_failures, s.bootstrap_attempts, s.reason,
               coalesce(w.metadata ->> 'self_terminated', '') = 'true', s.cost_per_hr
          FROM seen s
          LEFT JOIN workers w ON w.id = s.worker_id
          LEFT JOIN work k ON k.worker_id = s.worker_id
          LEFT JOIN oldest od ON od.worker_id = s.worker_id
         ORDER BY s.worker_id
        """;

    /// <summary>$1 window start. Boot and health outcomes stamped within the window.</summary>
    public const string ObserveOutcomes = """
        SELECT worker_id, 'boot_succeeded', booted_at, NULL FROM orchestrator_workers WHERE booted_at >= $1
        UNION ALL
        SELECT worker_id, failure_kind, failed_at, reason FROM orchestrator_workers WHERE failed_at >= $1
        """;

    public const string ObservePaused = "SELECT coalesce((SELECT paused FROM orchestrator_control WHERE id = 1), false)";

    /// <summary>$1 id, $2 instance type, $3 at.</summary>
    public const string Register = """
        WITH reigh AS (
          INSERT INTO workers (id, instance_type, status, metadata, created_at)
          VALUES ($1, $2, 'inactive', jsonb_build_object('orchestrator_status', 'spawning'), $3)
          ON CONFLICT (id) DO NOTHING)
        INSERT INTO orchestrator_workers (worker_id, state, state_since, created_at, updated_at)
        VALUES ($1, 'requested', $3, $3, $3)
        ON CONFLICT (worker_id) DO NOTHING
        """;

    /// <summary>
    /// $1 id, $2 from, $3 to, $4 at, $5 reason, $6 pod, $7 gpu, $8 cost, $9 health failures,
    /// $10 bootstrap attempts, $11 launched at, $12 outcome, $13 metadata (jsonb), $14 only if no heartbeat
    /// since (null: no condition). Conditional on the stored state (and, with $14, on workers.last_heartbeat
    /// being null or older than $14); mirrors the state into workers.metadata and (error, terminated) workers.status.
    /// </summary>
    public const string Apply = """
        WITH changed AS (
          UPDATE orchestrator_workers o
             SET state = $3,
                 state_since = CASE WHEN $3 <> $2 THEN $4 ELSE o.state_since END,
                 reason = coalesce($5, o.reason),
                 pod_id = coalesce($6, o.pod_id),
                 gpu_type = coalesce($7, o.gpu_type),
                 cost_per_hr = coalesce($8, o.cost_per_hr),
                 health_failures = coalesce($9, o.health_failures),
                 bootstrap_attempts = coalesce($10, o.bootstrap_attempts),
                 launched_at = coalesce($11, o.launched_at),
                 booted_at = CASE WHEN $12 = 'boot_succeeded' THEN $4 ELSE o.booted_at END,
                 failed_at = CASE WHEN $12 IN ('boot_failed', 'health_failed') THEN $4 ELSE o.failed_at END,
                 failure_kind = CASE WHEN $12 IN ('boot_failed', 'health_failed') THEN $12 ELSE o.failure_kind END,
                 updated_at = $4
           WHERE o.worker_id = $1 AND o.state = $2 AND o.state <> 'terminated'
             AND ($14::timestamptz IS NULL
                  OR NOT EXISTS (SELECT FROM workers h WHERE h.id = o.worker_id AND h.last_heartbeat >= $14::timestamptz))
          RETURNING o.worker_id
        ), mirrored AS (
          UPDATE workers w
             SET metadata = coalesce(w.metadata, '{}'::jsonb) || coalesce($13, '{}'::jsonb)
                            || CASE WHEN $3 <> $2 THEN jsonb_build_object('orchestrator_status', $3) ELSE '{}'::jsonb END
                            || CASE WHEN $6 IS NOT NULL THEN jsonb_build_object('runpod_id', $6) ELSE '{}'::jsonb END,
                 status = CASE WHEN $3 <> $2 AND $3 IN ('error', 'terminated') THEN $3 ELSE w.status END
            FROM changed c
           WHERE w.id = c.worker_id
          RETURNING w.id)
        SELECT count(*)::int FROM changed
        """;

    /// <summary>$1 worker, $2 max attempts, $3 reason, $4 at. Returns (id, new status).</summary>
    public const string Requeue = """
        UPDATE tasks t
           SET attempts = t.attempts + 1,
               status = (CASE WHEN t.attempts + 1 >= $2 THEN 'Failed' ELSE 'Queued' END)::task_status,
               worker_id = NULL,
               generation_started_at = NULL,
               updated_at = $4,
               error_message = CASE WHEN t.attempts + 1 >= $2
                                    THEN format('Failed after %s attempts: %s', t.attempts + 1, $3)
                                    ELSE format('Requeued (attempt %s): %s', t.attempts + 1, $3) END
         WHERE t.worker_id = $1 AND t.status = 'In Progress'
        RETURNING t.id, t.status::text
        """;

    /// <summary>Parallel arrays: at, cycle id, kind, worker id, reason, details (JSON text).</summary>
    public const string AppendEvents = """
        INSERT INTO orchestrator_events (at, cycle_id, kind, worker_id, reason, details)
        SELECT e.at, e.cycle_id, e.kind, e.worker_id, e.reason, e.details::jsonb
          FROM unnest($1::timestamptz[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[])
               AS e (at, cycle_id, kind, worker_id, reason, details)
        """;

    /// <summary>$1 paused, $2 reason, $3 at.</summary>
    public const string SetPaused = """
        INSERT INTO orchestrator_control (id, paused, reason, updated_at) VALUES (1, $1, $2, $3)
        ON CONFLICT (id) DO UPDATE SET paused = excluded.paused, reason = excluded.reason, updated_at = excluded.updated_at
        """;
}
